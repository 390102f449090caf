package singleton

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/ast/astutil"

	"github.com/factoryscope/factoryscope/internal/importedit"
	"github.com/factoryscope/factoryscope/internal/objref"
)

// sharing is the per-request value that the sites of one function share:
// the singleton was one object for all of them, so after the fix they must
// still use one object, or a factory that one site registers something on
// is not the one the next site reads.
type sharing struct {
	name string             // the variable the sites use
	decl *analysis.TextEdit // declares it, the same bytes in every fix of the group; nil when it exists
	// edits are the group's fix: the declaration, every site replaced by
	// name, and the imports only the sites used deleted; the same in every
	// fix of the group, so that one alone leaves no import unused and
	// drivers that merge all fixes apply it once. Nil when such an import
	// cannot be deleted: each fix then replaces its own site.
	edits []analysis.TextEdit
	uses  int    // the group's sites
	fn    string // the function, for the message
}

// shareName is the name the shared value is declared under, or the first
// of shareName2, shareName3… that is free.
const shareName = "factory"

// share groups the sites of a file that would pass the same argument
// (read from the same variable) to the same replacement in place of the
// same singleton, and plans one declaration for each group of two or
// more. A group keeps the inline form when no single point can declare it:
// see declPoint.
func (st *state) share(file *ast.File, sites []*site, texts map[*site]*fixText, plan *importedit.Plan) map[*site]*sharing {
	type key struct {
		singleton objref.Ref // the singleton itself, also for a wrapper's or a holder's sites
		v         *types.Var
		text      string
	}
	groups := map[key][]*site{}
	var order []key
	out := map[*site]*sharing{}
	for _, s := range sites {
		t := texts[s]
		if t == nil || len(s.arg.vars) != 1 || s.call != nil && len(s.call.Args) > 0 || !singleValue(s.rule.singleton) {
			continue // a call with arguments of its own, or several results, is not one value
		}
		if v := st.declared(file, s, t); v != nil {
			out[s] = &sharing{name: v.Name()}
			continue
		}
		k := key{s.rule.root(), s.arg.vars[0], t.value()}
		if groups[k] == nil {
			order = append(order, k)
		}
		groups[k] = append(groups[k], s)
	}
	taken := map[takenName]bool{} // names the groups took, by function
	for _, k := range order {
		g := groups[k]
		if len(g) < 2 {
			continue
		}
		sh := st.declPoint(file, g, k.v, texts[g[0]], taken)
		if sh == nil {
			continue
		}
		if drop, nf := st.dropImports(file, g, plan, texts[g[0]].adds); nf == nil {
			sh.edits = slices.Concat(textEdits(drop), []analysis.TextEdit{*sh.decl})
			for _, s := range g {
				sh.edits = append(sh.edits, replaceWhole(s, sh.name))
			}
		}
		for _, s := range g {
			out[s] = sh
		}
	}
	return out
}

// declPoint plans the declaration shared by the sites g (in source order),
// whose argument reads v. It goes in the innermost block that holds every
// site, lifted out of the bodies of loops (the singleton was one object for
// every iteration) but never out of an if, a switch or select case, or a
// function literal (a handler registered in a loop of its own is called
// once per request), on a line of its own before the statement holding the
// first site. It returns nil when there is no such point: v is assigned
// after its declaration (the declaration could see an older value), v is
// declared in or after that statement, the statement has a label or does
// not start its line, the function has a goto (which could jump over the
// declaration), or a name the declaration uses means something else there.
func (st *state) declPoint(file *ast.File, g []*site, v *types.Var, t *fixText, taken map[takenName]bool) *sharing {
	info := st.pass.TypesInfo
	if len(st.vals.stores[v]) > 0 || st.vals.unset[v] {
		return nil
	}
	path, _ := astutil.PathEnclosingInterval(file, g[0].expr.Pos(), g[0].expr.End())
	last := g[len(g)-1].expr
	var list []ast.Stmt
	var open token.Pos // where the block's statements may start
	var block *types.Scope
	fn := "this function"
	var body *ast.BlockStmt // of the function holding the block
	for i, n := range path {
		if n.Pos() > g[0].expr.Pos() || n.End() < last.End() {
			continue // does not hold every site
		}
		if list == nil {
			switch n := n.(type) {
			case *ast.BlockStmt:
				list, open, block = n.List, n.Lbrace+1, info.Scopes[n]
				if i+1 < len(path) {
					switch p := path[i+1].(type) {
					case *ast.FuncDecl:
						block = info.Scopes[p.Type]
					case *ast.FuncLit:
						block = info.Scopes[p.Type]
					case *ast.ForStmt, *ast.RangeStmt:
						if p.Pos() > v.Pos() {
							list = nil // lift the declaration out of the loop
						}
					}
				}
			case *ast.CaseClause:
				list, open, block = n.Body, n.Colon+1, info.Scopes[n]
			case *ast.CommClause:
				list, open, block = n.Body, n.Colon+1, info.Scopes[n]
			case *ast.FuncLit, *ast.FuncDecl:
				return nil // no block inside the function holds every site
			}
		}
		switch n := n.(type) {
		case *ast.FuncLit:
			if body == nil {
				body = n.Body
			}
		case *ast.FuncDecl:
			if body == nil {
				body = n.Body
			}
			fn = n.Name.Name
		}
		if body != nil && fn != "this function" {
			break
		}
	}
	if len(list) == 0 || block == nil || body == nil {
		return nil
	}
	first := slices.IndexFunc(list, func(stmt ast.Stmt) bool {
		return stmt.Pos() <= g[0].expr.Pos() && g[0].expr.End() <= stmt.End()
	})
	if first < 0 {
		return nil
	}
	at := list[first].Pos()
	if _, labeled := list[first].(*ast.LabeledStmt); labeled || v.Pos() >= at || hasGoto(body) {
		return nil
	}
	indent, ok := st.sourceOf(file).indent(at)
	if !ok {
		return nil
	}
	// Every name the declaration writes must mean at its point what it
	// means at the sites.
	if _, o := block.LookupParent(v.Name(), at); o != v {
		return nil
	}
	for _, ref := range g[0].refs() {
		if !st.sameAt(block, at, ref) {
			return nil
		}
	}
	name := ""
	for i := 1; name == ""; i++ {
		cand := shareName
		if i > 1 {
			cand += strconv.Itoa(i)
		}
		if !taken[takenName{body, cand}] && st.freeName(file, block, at, g, cand) {
			name = cand
		}
		if i > 9 {
			return nil
		}
	}
	taken[takenName{body, name}] = true
	after := open
	if first > 0 {
		after = list[first-1].End()
	}
	tf := st.pass.Fset.File(at)
	ls := tf.LineStart(tf.Line(st.leadingComments(file, at, after)))
	return &sharing{
		name: name,
		decl: &analysis.TextEdit{Pos: ls, End: ls, NewText: []byte(indent + name + " := " + t.value() + "\n")},
		uses: len(g),
		fn:   fn,
	}
}

// singleValue reports whether obj gives one value: a var, or a func with
// one result.
func singleValue(obj types.Object) bool {
	fn, ok := obj.(*types.Func)
	return !ok || fn.Signature().Results().Len() == 1
}

// takenName is a name a group's declaration took in a function's body.
type takenName struct {
	body *ast.BlockStmt
	name string
}

// hasGoto reports whether body has a goto statement.
func hasGoto(body *ast.BlockStmt) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		if b, ok := n.(*ast.BranchStmt); ok && b.Tok == token.GOTO {
			found = true
		}
		return !found
	})
	return found
}

// leadingComments returns the start of the comment lines right above the
// statement at pos, after the code that ends at after, so that the
// declaration goes above them and they stay with their statement; pos
// itself when there are none.
func (st *state) leadingComments(file *ast.File, pos, after token.Pos) token.Pos {
	tf := st.pass.Fset.File(pos)
	for _, cg := range slices.Backward(file.Comments) {
		if cg.End() >= pos {
			continue
		}
		if cg.Pos() <= after || tf.Line(cg.End())+1 != tf.Line(pos) {
			break
		}
		if _, alone := st.sourceOf(file).indent(cg.Pos()); !alone {
			break
		}
		pos = cg.Pos()
	}
	return pos
}

// sameAt reports whether ref, as resolved for a site, names the same
// object at pos in block.
func (st *state) sameAt(block *types.Scope, pos token.Pos, ref *pkgRef) bool {
	switch {
	case ref.newImport:
		return true // the plan's name is taken nowhere in the file
	case ref.qual == "":
		_, o := block.LookupParent(ref.name, pos)
		return o != nil && o.Pkg() != nil && o.Pkg().Path() == ref.path && o.Parent() == o.Pkg().Scope()
	}
	_, o := block.LookupParent(strings.TrimSuffix(ref.qual, "."), pos)
	pn, ok := o.(*types.PkgName)
	return ok && pn.Imported().Path() == ref.path
}

// freeName reports whether name can be declared at pos in block and be
// read at every site: nothing in block declares it, nothing outside it
// that the code after pos could mean, and no scope around a site.
func (st *state) freeName(file *ast.File, block *types.Scope, pos token.Pos, g []*site, name string) bool {
	if block.Lookup(name) != nil {
		return false
	}
	if _, o := block.LookupParent(name, pos); o != nil {
		return false
	}
	for _, s := range g {
		inner := st.pass.TypesInfo.Scopes[file].Innermost(s.expr.Pos())
		if inner == nil {
			return false
		}
		if _, o := inner.LookupParent(name, s.expr.Pos()); o != nil {
			return false
		}
	}
	return true
}

// declared returns a variable that an earlier fix (or a person) declared
// with the value site s would get, t.value(), and that s sees and nothing
// assigns again: s reads it rather than making a second factory, so
// fixing one site at a time, as an editor does, still ends with one.
func (st *state) declared(file *ast.File, s *site, t *fixText) *types.Var {
	if st.vals.byText == nil {
		st.vals.byText = map[string][]*types.Var{}
		for v, e := range st.vals.init {
			if call, ok := e.(*ast.CallExpr); ok {
				text := types.ExprString(call)
				st.vals.byText[text] = append(st.vals.byText[text], v)
			}
		}
		for _, vs := range st.vals.byText {
			slices.SortFunc(vs, func(a, b *types.Var) int { return int(a.Pos() - b.Pos()) })
		}
	}
	inner := st.pass.TypesInfo.Scopes[file].Innermost(s.expr.Pos())
	if inner == nil {
		return nil
	}
	for _, v := range st.vals.byText[t.value()] {
		if len(st.vals.stores[v]) > 0 || v.Pos() > s.expr.Pos() {
			continue
		}
		if _, o := inner.LookupParent(v.Name(), s.expr.Pos()); o == v {
			return v
		}
	}
	return nil
}
