package singleton

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strings"

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
	texts := map[*site]*fixText{}
	for _, s := range sites {
		if t := st.prepare(file, s, plan); t != nil {
			texts[s] = t
		}
	}
	shared := st.share(file, sites, texts, plan)
	for _, s := range sites {
		if t := texts[s]; t != nil {
			st.reportSite(s, t, shared[s])
		} else {
			report(st.pass, s.expr, s.category(), s.url(), s.noFixMsg, nil)
		}
	}
}

// dropImports returns the edits that delete the imports through which the
// sites name their singleton (or wrapper), when the fix removes every use
// of one in the file and uses nothing from it. With other uses left no fix
// deletes it: each fix must compile on its own, and drivers that apply all
// fixes at once (-fix) remove imports left unused.
// It returns why the fix cannot be made when an import must go but the
// imports the plan inserts around it leave no way to delete its line.
func (st *state) dropImports(file *ast.File, sites []*site, plan *importPlan, own []analysis.TextEdit) ([]analysis.TextEdit, string) {
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
	var edits []analysis.TextEdit
	for _, pn := range order {
		uses := 0
		ast.Inspect(file, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && st.pass.TypesInfo.Uses[id] == pn {
				uses++
			}
			return uses <= count[pn]
		})
		if uses != count[pn] {
			continue
		}
		e, ok, why := st.dropImport(file, pn, plan, append(slices.Clone(own), edits...))
		if why != "" {
			return nil, why
		}
		if ok {
			edits = append(edits, e)
		}
	}
	return edits, ""
}

// dropImport returns the edit that deletes the import of pn.
func (st *state) dropImport(file *ast.File, pn *types.PkgName, plan *importPlan, own []analysis.TextEdit) (analysis.TextEdit, bool, string) {
	i := slices.IndexFunc(file.Imports, func(spec *ast.ImportSpec) bool { return st.pass.TypesInfo.PkgNameOf(spec) == pn })
	if i < 0 {
		return analysis.TextEdit{}, false, ""
	}
	spec := file.Imports[i]
	tf := st.pass.Fset.File(file.Pos())
	start, end := spec.Pos(), spec.End()
	if spec.Doc != nil {
		start = spec.Doc.Pos()
	}
	if spec.Comment != nil {
		end = spec.Comment.End()
	}
	var decl *ast.GenDecl
	for _, d := range file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT && gd.Pos() <= start && end <= gd.End() {
			decl = gd
		}
	}
	if decl == nil || len(decl.Specs) == 1 {
		return analysis.TextEdit{}, false, "" // keep the declaration's layout simple: leave it to the driver
	}
	// Delete the spec's lines with the line break before them, so that
	// imports the plan inserts around them still apply. Take one blank line
	// along when the spec was a group of its own, unless this fix inserts
	// imports into that group.
	first, last := tf.Line(start), tf.Line(end)
	blank := func(l int) bool { return l < tf.LineCount() && tf.LineStart(l+1)-tf.LineStart(l) == 1 }
	lines := func(first, last int) (token.Pos, token.Pos) { return tf.LineStart(first) - 1, tf.LineStart(last+1) - 1 }
	clash := func(from, to token.Pos, edits []analysis.TextEdit) bool {
		return slices.ContainsFunc(edits, func(e analysis.TextEdit) bool { return from < e.Pos && e.Pos < to })
	}
	if first < 2 || last+1 >= tf.LineCount() {
		return analysis.TextEdit{}, false, ""
	}
	from, to := lines(first, last)
	switch {
	case blank(first-1) && (blank(last+1) || last+1 == tf.Line(decl.Rparen)):
		if f, t := lines(first-1, last); !clash(f, t, own) {
			from, to = f, t
		}
	case first-1 == tf.Line(decl.Lparen) && blank(last+1):
		if f, t := lines(first, last+1); !clash(f, t, own) {
			from, to = f, t
		}
	}
	// An import the plan inserts inside the deleted text would be lost, so
	// try the same lines with their line break after them, then shifted
	// past the next line's indent (the plan inserts at those offsets too).
	all := slices.Collect(maps.Values(plan.edits))
	tab := func(p token.Pos) bool { return st.tabAt(tf, p) }
	for _, r := range [][2]token.Pos{
		{from, to},
		{tf.LineStart(first), tf.LineStart(last + 1)},
		{tf.LineStart(first) + 1, tf.LineStart(last+1) + 1},
	} {
		if r[0] == tf.LineStart(first)+1 && (start != r[0] || !tab(r[0]-1) || !tab(r[1]-1)) {
			continue
		}
		if !clash(r[0], r[1], all) {
			return analysis.TextEdit{Pos: r[0], End: r[1]}, true, ""
		}
	}
	return analysis.TextEdit{}, false, fmt.Sprintf("the import of %s would be left unused, and the imports added next to it leave no way to delete it", pn.Imported().Path())
}

func (s *site) refs() []*pkgRef {
	if s.noFix != "" || s.arg == nil {
		return nil
	}
	refs := []*pkgRef{s.repl}
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
// and adds the import edits. A site that turns out to have no fix is
// reported as such, and prepare returns nil.
func (st *state) prepare(file *ast.File, s *site, plan *importPlan) *fixText {
	r := s.rule
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
	if s.noFix != "" {
		replName := lastElem(r.replRef.Path) + "." + r.replRef.Name
		if r.repl != nil {
			replName = objName(r.repl)
		}
		st.noFix(s, replName, s.noFix)
		return nil
	}
	t := &fixText{arg: s.arg.expr, repl: s.repl.qual + s.repl.name}
	if c := s.arg.ctor; c != nil {
		t.arg = c.qual + c.name + "(" + t.arg + ")"
	}
	t.msg = fmt.Sprintf("Call %s(%s)", t.repl, t.arg)
	if s.conv != nil {
		text, ok := s.conv.text("\x00")
		if !ok {
			st.noFix(s, objName(r.repl), fmt.Sprintf("cannot name %s here", s.conv.typ))
			return nil
		}
		t.conv, _, _ = strings.Cut(text, "\x00")
		t.msg = fmt.Sprintf("Call %s%s(%s))", t.conv, t.repl, t.arg)
		typ := strings.TrimSuffix(t.conv, "(")
		if strings.HasPrefix(typ, "(") {
			typ = typ[1 : len(typ)-1]
		}
		t.convNote = ", converting its result to " + typ
	}
	drop, why := st.dropImports(file, []*site{s}, plan, edits)
	if why != "" {
		st.noFix(s, objName(r.repl), why)
		return nil
	}
	t.adds, t.drop = edits, drop
	return t
}

// fixText is what a site's fix writes, qualified for its file.
type fixText struct {
	arg, repl string // the argument and the replacement as written
	conv      string // the conversion's text before the call, which then ends with ")"
	convNote  string
	msg       string              // the fix's message
	adds      []analysis.TextEdit // the imports it adds, from the file's plan
	drop      []analysis.TextEdit // deletes the import the site alone used
}

// value is the expression that replaces a site read whole: conv(repl(arg)).
func (t *fixText) value() string {
	text := t.repl + "(" + t.arg + ")"
	if t.conv != "" {
		text = t.conv + text + ")"
	}
	return text
}

// noFix reports s as a site without a fix when the file's sites are
// reported, in source order with the others.
func (st *state) noFix(s *site, replName, why string) {
	s.noFixMsg = fmt.Sprintf("%s; use %s instead (no fix: %s)%s", s.what(), replName, why, s.extra())
}

func (s *site) what() string {
	if f := s.rule.indirect; f != nil {
		return f.Name + " " + f.Via
	}
	return fmt.Sprintf("%s is a process-wide singleton shared by all requests", objName(s.rule.singleton))
}

func (s *site) url() string {
	if s.rule.indirect != nil {
		return urlIndirect
	}
	return urlFlagged
}

// category is the diagnostic category of a site: indirect uses have their
// own, so that users can filter them.
func (s *site) category() string {
	if s.rule.indirect != nil {
		return categoryIndirect
	}
	return categorySite
}

func (s *site) extra() string {
	if s.rule.message != "" {
		return "; " + s.rule.message
	}
	return ""
}

// reportSite reports a site whose fix is t; sh is the declaration it
// shares with the other sites of its function, or nil.
func (st *state) reportSite(s *site, t *fixText, sh *sharing) {
	edits := slices.Clone(t.adds)
	msg := fmt.Sprintf("%s; call %s with %s instead%s%s", s.what(), t.repl, t.arg, t.convNote, s.extra())
	fixMsg := t.msg
	switch {
	case sh != nil && sh.decl != nil:
		if sh.edits != nil {
			edits = append(edits, sh.edits...) // every site of the group, and the declaration
		} else {
			edits = append(edits, *sh.decl, replaceWhole(s, sh.name))
		}
		msg = fmt.Sprintf("%s; call %s with %s instead%s, once for the %d uses in %s%s", s.what(), t.repl, t.arg, t.convNote, sh.uses, sh.fn, s.extra())
		fixMsg = fmt.Sprintf("%s once as %s and use it for the %d uses in %s", t.msg, sh.name, sh.uses, sh.fn)
	case sh != nil:
		edits = append(edits, t.drop...)
		edits = append(edits, replaceWhole(s, sh.name))
		msg = fmt.Sprintf("%s; use %s, declared above as %s(%s)%s", s.what(), sh.name, t.repl, t.arg, s.extra())
		fixMsg = fmt.Sprintf("Use %s", sh.name)
	case s.call == nil:
		edits = append(edits, t.drop...)
		edits = append(edits, analysis.TextEdit{Pos: s.expr.Pos(), End: s.expr.End(), NewText: []byte(t.value())})
	case t.conv == "":
		edits = append(edits, t.drop...)
		edits = append(edits,
			analysis.TextEdit{Pos: s.expr.Pos(), End: s.expr.End(), NewText: []byte(t.repl)},
			st.argEdit(s.call, t.arg))
	default: // T(R(p, args…)): the call may start with '(' before the name
		edits = append(edits, t.drop...)
		if s.call.Pos() == s.expr.Pos() {
			edits = append(edits, analysis.TextEdit{Pos: s.expr.Pos(), End: s.expr.End(), NewText: []byte(t.conv + t.repl)})
		} else {
			edits = append(edits,
				analysis.TextEdit{Pos: s.call.Pos(), End: s.call.Pos(), NewText: []byte(t.conv)},
				analysis.TextEdit{Pos: s.expr.Pos(), End: s.expr.End(), NewText: []byte(t.repl)})
		}
		edits = append(edits, st.argEdit(s.call, t.arg), analysis.TextEdit{Pos: s.call.End(), End: s.call.End(), NewText: []byte(")")})
	}
	report(st.pass, s.expr, s.category(), s.url(), msg, &analysis.SuggestedFix{
		Message:   fixMsg,
		TextEdits: edits,
	})
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
func (st *state) argEdit(call *ast.CallExpr, arg string) analysis.TextEdit {
	at, text := call.Lparen+1, arg
	switch {
	case len(call.Args) > 0 && st.line(call.Args[0].Pos()) != st.line(call.Lparen):
		text += ","
	case len(call.Args) > 0:
		text += ", "
	case st.line(call.Rparen) != st.line(call.Lparen):
		text += ","
		if indent, ok := st.indent(call.Rparen); ok {
			at, text = call.Rparen, "\t"+arg+",\n"+indent
		}
	}
	return analysis.TextEdit{Pos: at, End: at, NewText: []byte(text)}
}

// indent returns the blanks before p on its line, if there is nothing else.
func (st *state) indent(p token.Pos) (string, bool) {
	tf := st.pass.Fset.File(p)
	src, err := st.pass.ReadFile(tf.Name())
	if err != nil || tf.Size() != len(src) {
		return "", false
	}
	start := tf.Offset(tf.LineStart(tf.Line(p)))
	ws := string(src[start:tf.Offset(p)])
	return ws, strings.Trim(ws, " \t") == ""
}

func (st *state) line(p token.Pos) int { return st.pass.Fset.Position(p).Line }

// objName is pkg.Name for a package-level object.
func objName(obj types.Object) string { return obj.Pkg().Name() + "." + obj.Name() }
