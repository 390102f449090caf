package singleton

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// reportFile reports the sites of one file. The imports their fixes add
// are planned once for the whole file first.
func (st *state) reportFile(file *ast.File, sites []*site) {
	var paths []string
	for _, s := range sites {
		for _, ref := range s.refs() {
			if ref.newImport && !slices.Contains(paths, ref.path) {
				paths = append(paths, ref.path)
			}
		}
	}
	slices.Sort(paths)
	plan := st.planImports(file, paths)
	for _, s := range sites {
		st.reportSite(s, plan)
	}
}

func (s *site) refs() []*pkgRef {
	if s.noFix != "" || s.arg == nil {
		return nil
	}
	if s.arg.ctor != nil {
		return []*pkgRef{s.repl, s.arg.ctor}
	}
	return []*pkgRef{s.repl}
}

func (st *state) reportSite(s *site, plan *importPlan) {
	r := s.rule
	what := fmt.Sprintf("%s is a process-wide singleton shared by all requests", objName(r.singleton))
	extra := ""
	if r.message != "" {
		extra = "; " + r.message
	}
	var edits []analysis.TextEdit
	for _, ref := range s.refs() {
		if !ref.newImport {
			continue
		}
		if plan.failed[ref.path] {
			s.noFix = fmt.Sprintf("cannot add the import of %s here", ref.path)
			break
		}
		ref.qual = plan.names[ref.path] + "."
		edits = append(edits, plan.edits[ref.path])
	}
	replName := lastElem(r.replRef.Path) + "." + r.replRef.Name
	if s.noFix != "" {
		if r.repl != nil {
			replName = objName(r.repl)
		}
		report(st.pass, s.expr, categorySite, urlFlagged, fmt.Sprintf("%s; use %s instead (no fix: %s)%s", what, replName, s.noFix, extra), nil)
		return
	}
	arg := s.arg.expr
	if c := s.arg.ctor; c != nil {
		arg = c.qual + c.name + "(" + arg + ")"
	}
	repl := s.repl.qual + s.repl.name
	if s.call == nil {
		edits = append(edits, analysis.TextEdit{Pos: s.expr.Pos(), End: s.expr.End(), NewText: []byte(repl + "(" + arg + ")")})
	} else {
		sep := ""
		if len(s.call.Args) > 0 {
			sep = ", "
			if st.line(s.call.Args[0].Pos()) != st.line(s.call.Lparen) {
				sep = ","
			}
		}
		edits = append(edits,
			analysis.TextEdit{Pos: s.expr.Pos(), End: s.expr.End(), NewText: []byte(repl)},
			analysis.TextEdit{Pos: s.call.Lparen + 1, End: s.call.Lparen + 1, NewText: []byte(arg + sep)})
	}
	msg := fmt.Sprintf("%s; call %s with %s instead%s", what, repl, arg, extra)
	report(st.pass, s.expr, categorySite, urlFlagged, msg, &analysis.SuggestedFix{
		Message:   fmt.Sprintf("Call %s(%s)", repl, arg),
		TextEdits: edits,
	})
}

func (st *state) line(p token.Pos) int { return st.pass.Fset.Position(p).Line }

// objName is pkg.Name for a package-level object.
func objName(obj types.Object) string { return obj.Pkg().Name() + "." + obj.Name() }
