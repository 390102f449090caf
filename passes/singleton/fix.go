package singleton

import (
	"fmt"
	"go/ast"
	"go/types"
	"slices"

	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/internal/importedit"
)

// reportFile reports the sites of one file. The imports their fixes add
// are planned once for the whole file first.
func (st *state) reportFile(file *ast.File, sites []*site) {
	if len(sites) == 0 {
		return
	}
	src := st.sourceOf(file)
	plan := src.imports.Plan(st.importsOf(sites))
	texts := map[*site]*fixText{}
	for _, s := range sites {
		if t := st.prepare(file, s, plan); t != nil {
			texts[s] = t
		}
	}
	shared := st.share(file, sites, texts, plan)
	msgs := make([]string, len(sites))
	fixes := make([]*analysis.SuggestedFix, len(sites))
	for i, s := range sites {
		if t := texts[s]; t != nil {
			msgs[i], fixes[i] = st.siteFix(src, s, t, shared[s])
		} else {
			msgs[i] = s.noFixMessage()
		}
	}
	alignFixes(src, slices.DeleteFunc(slices.Clone(fixes), func(f *analysis.SuggestedFix) bool { return f == nil }))
	for i, s := range sites {
		report(st.pass, s.expr, s.category(), s.url(), msgs[i], fixes[i])
	}
}

// dropImports returns the edits that delete the imports through which the
// sites name their singleton (or wrapper), when the fix removes every use
// of one in the file and uses nothing from it. With other uses left no fix
// deletes it: each fix must compile on its own, and drivers that apply all
// fixes at once (-fix) remove imports left unused.
// It returns why the fix cannot be made when an import must go but the
// imports the plan inserts around it leave no way to delete its line.
func (st *state) dropImports(file *ast.File, sites []*site, plan *importedit.Plan, own []importedit.Edit) ([]importedit.Edit, *noFix) {
	count := map[*types.PkgName]int{}
	var order []*types.PkgName
	for _, s := range sites {
		sel, ok := s.expr.(*ast.SelectorExpr)
		if !ok {
			continue
		}
		x, _ := sel.X.(*ast.Ident)
		pn, _ := st.pass.TypesInfo.Uses[x].(*types.PkgName)
		if pn == nil || slices.ContainsFunc(s.refs(), func(r *pkgRef) bool { return r.path == pn.Imported().Path() }) {
			continue // not an import, or the fix still uses it
		}
		if count[pn] == 0 {
			order = append(order, pn)
		}
		count[pn]++
	}
	var edits []importedit.Edit
	for _, pn := range order {
		if !st.sourceOf(file).imports.UsedExactly(pn, count[pn]) {
			continue
		}
		switch e, d := plan.Delete(pn, slices.Concat(own, edits)); d {
		case importedit.Blocked:
			return nil, noFixf("the import of %s would be left unused, and the imports added next to it leave no way to delete it", pn.Imported().Path())
		case importedit.Deleted:
			edits = append(edits, e)
		}
	}
	return edits, nil
}

func (s *site) refs() []*pkgRef {
	if s.noFix != nil || s.arg == nil {
		return nil
	}
	refs := []*pkgRef{s.callee}
	if s.arg.ctor != nil {
		refs = append(refs, s.arg.ctor)
	}
	if s.conv != nil {
		refs = append(refs, s.conv.refs...)
	}
	return refs
}

// prepare decides the text of site s's fix: it names the replacement, the
// constructor and the conversion through the file's imports or the plan's,
// and adds the import edits. It returns nil when the site has no fix,
// found before or here (s.noFix).
func (st *state) prepare(file *ast.File, s *site, plan *importedit.Plan) *fixText {
	var adds []importedit.Edit
	for _, ref := range s.refs() {
		if !ref.newImport {
			continue
		}
		name, e, ok := plan.Add(ref.path)
		if !ok {
			s.noFix = noFixf("cannot add the import of %s here", ref.path)
			break
		}
		ref.qual = name + "."
		adds = append(adds, e)
	}
	if s.noFix != nil {
		return nil
	}
	t := &fixText{arg: s.arg.expr, callee: s.callee.qual + s.callee.name}
	if c := s.arg.ctor; c != nil {
		t.arg = c.qual + c.name + "(" + t.arg + ")"
	}
	t.msg = fmt.Sprintf("Call %s(%s)", t.callee, t.arg)
	if s.conv != nil {
		open, typ, ok := s.conv.text()
		if !ok {
			s.noFix = noFixf("cannot name %s here", s.conv.typ)
			return nil
		}
		t.conv = open
		t.msg = fmt.Sprintf("Call %s%s(%s))", t.conv, t.callee, t.arg)
		t.convNote = ", converting its result to " + typ
	}
	drop, nf := st.dropImports(file, []*site{s}, plan, adds)
	if nf != nil {
		s.noFix = nf
		return nil
	}
	t.adds, t.drop = adds, drop
	return t
}

// fixText is what a site's fix writes, qualified for its file.
type fixText struct {
	arg, callee string // the argument and the replacement, as written in the file
	conv        string // the conversion's text before the call, which then ends with ")"
	convNote    string
	msg         string            // the fix's message
	adds        []importedit.Edit // the imports it adds, from the file's plan
	drop        []importedit.Edit // deletes the import the site alone used
}

// value is the expression that replaces a site read whole: conv(callee(arg)).
func (t *fixText) value() string {
	text := t.callee + "(" + t.arg + ")"
	if t.conv != "" {
		text = t.conv + text + ")"
	}
	return text
}

// siteFix returns the message and the fix of a site whose fix is t; sh is
// the declaration it shares with the other sites of its function, or nil.
func (st *state) siteFix(src *source, s *site, t *fixText, sh *sharing) (string, *analysis.SuggestedFix) {
	edits := textEdits(t.adds)
	msg := fmt.Sprintf("%s; call %s with %s instead%s%s", s.what(), t.callee, t.arg, t.convNote, s.extra())
	fixMsg := t.msg
	switch {
	case sh != nil && sh.decl != nil:
		if sh.edits != nil {
			edits = append(edits, sh.edits...) // every site of the group, and the declaration
		} else {
			edits = append(edits, *sh.decl, replaceWhole(s, sh.name))
		}
		msg = fmt.Sprintf("%s; call %s with %s instead%s, once for the %d uses in %s%s", s.what(), t.callee, t.arg, t.convNote, sh.uses, sh.fn, s.extra())
		fixMsg = fmt.Sprintf("%s once as %s and use it for the %d uses in %s", t.msg, sh.name, sh.uses, sh.fn)
	case sh != nil:
		edits = append(edits, textEdits(t.drop)...)
		edits = append(edits, replaceWhole(s, sh.name))
		msg = fmt.Sprintf("%s; use %s, declared above as %s(%s)%s", s.what(), sh.name, t.callee, t.arg, s.extra())
		fixMsg = fmt.Sprintf("Use %s", sh.name)
	case s.call == nil:
		edits = append(edits, textEdits(t.drop)...)
		edits = append(edits, analysis.TextEdit{Pos: s.expr.Pos(), End: s.expr.End(), NewText: []byte(t.value())})
	case t.conv == "":
		edits = append(edits, textEdits(t.drop)...)
		edits = append(edits,
			analysis.TextEdit{Pos: s.expr.Pos(), End: s.expr.End(), NewText: []byte(t.callee)},
			argEdit(src, s.call, t.arg))
	default: // T(R(p, args…)): the call may start with '(' before the name
		edits = append(edits, textEdits(t.drop)...)
		if s.call.Pos() == s.expr.Pos() {
			edits = append(edits, analysis.TextEdit{Pos: s.expr.Pos(), End: s.expr.End(), NewText: []byte(t.conv + t.callee)})
		} else {
			edits = append(edits,
				analysis.TextEdit{Pos: s.call.Pos(), End: s.call.Pos(), NewText: []byte(t.conv)},
				analysis.TextEdit{Pos: s.expr.Pos(), End: s.expr.End(), NewText: []byte(t.callee)})
		}
		edits = append(edits, argEdit(src, s.call, t.arg), analysis.TextEdit{Pos: s.call.End(), End: s.call.End(), NewText: []byte(")")})
	}
	return msg, &analysis.SuggestedFix{Message: fixMsg, TextEdits: edits}
}

// replaceWhole replaces the site (the whole call of a singleton func or
// wrapper) by name.
func replaceWhole(s *site, name string) analysis.TextEdit {
	var whole ast.Node = s.expr
	if s.call != nil {
		whole = s.call
	}
	return analysis.TextEdit{Pos: whole.Pos(), End: whole.End(), NewText: []byte(name)}
}

// argEdit inserts arg as the first argument of call. When the arguments
// start on a later line, arg ends its line with a comma. An empty call
// whose ')' is on a later line (after a comment) gets arg on a line of its
// own, as gofmt lays out arguments, so that no comment swallows the comma.
func argEdit(src *source, call *ast.CallExpr, arg string) analysis.TextEdit {
	at, text := call.Lparen+1, arg
	switch {
	case len(call.Args) > 0 && src.line(call.Args[0].Pos()) != src.line(call.Lparen):
		text += ","
	case len(call.Args) > 0:
		text += ", "
	case src.line(call.Rparen) != src.line(call.Lparen):
		text += ","
		if indent, ok := src.indent(call.Rparen); ok {
			at, text = call.Rparen, "\t"+arg+",\n"+indent
		}
	}
	return analysis.TextEdit{Pos: at, End: at, NewText: []byte(text)}
}

// textEdits converts import edits into the pass's.
func textEdits(es []importedit.Edit) []analysis.TextEdit {
	out := make([]analysis.TextEdit, len(es))
	for i, e := range es {
		out[i] = analysis.TextEdit(e)
	}
	return out
}

// objName is pkg.Name for a package-level object.
func objName(obj types.Object) string { return obj.Pkg().Name() + "." + obj.Name() }
