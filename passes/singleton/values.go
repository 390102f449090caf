package singleton

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/tools/go/types/typeutil"
)

// values records, for one file, how its local variables get their values,
// so that only variables that hold the request at a site are passed: a
// variable that is still zero there, or a context cut off from any
// request, compiles but acts for nobody, or panics.
type values struct {
	info    *types.Info
	derived map[types.Object]*derivedFact // wrappers, whose calls may be detached contexts too
	file    *ast.File
	results map[*types.Var]bool       // named results: zero until assigned
	unset   map[*types.Var]bool       // declared by var with no value
	init    map[*types.Var]ast.Expr   // the value a declaration gives
	stores  map[*types.Var][]valStore // later assignments, in source order
	byText  map[string][]*types.Var   // variables by the text of the call they are declared with; see declared
	uses    map[*types.Var]int        // how often each local variable is read or written after its declaration
	params  map[*types.Var]bool       // parameters and receivers, which may go unused
}

// valStore is an assignment to a variable; value is nil when it is not
// known (x, y = f(), &x passed on).
type valStore struct {
	pos   token.Pos
	value ast.Expr
}

func newValues(info *types.Info, file *ast.File, derived map[types.Object]*derivedFact) *values {
	vs := &values{
		info:    info,
		derived: derived,
		file:    file,
		results: map[*types.Var]bool{},
		unset:   map[*types.Var]bool{},
		init:    map[*types.Var]ast.Expr{},
		stores:  map[*types.Var][]valStore{},
		uses:    map[*types.Var]int{},
		params:  map[*types.Var]bool{},
	}
	local := func(id *ast.Ident) *types.Var {
		v, _ := info.Uses[id].(*types.Var)
		if v == nil || v.Parent() == nil || v.Parent().Parent() == types.Universe {
			return nil // a field, or a package-level var
		}
		return v
	}
	// value is the i-th of n values that rhs gives.
	value := func(rhs []ast.Expr, i, n int) ast.Expr {
		if len(rhs) == n {
			return rhs[i]
		}
		if len(rhs) == 1 {
			return rhs[0] // one call with several results
		}
		return nil
	}
	// mark adds the variables that a receiver, parameter or result list
	// (nil: none) declares to set.
	mark := func(fields *ast.FieldList, set map[*types.Var]bool) {
		if fields == nil {
			return
		}
		for _, field := range fields.List {
			for _, id := range field.Names {
				if v, ok := info.Defs[id].(*types.Var); ok {
					set[v] = true
				}
			}
		}
	}
	ast.Inspect(file, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Ident:
			if v := local(n); v != nil {
				vs.uses[v]++
			}
		case *ast.FuncDecl:
			mark(n.Recv, vs.params)
		case *ast.FuncType:
			mark(n.Params, vs.params)
			mark(n.Results, vs.results)
		case *ast.ValueSpec:
			for i, id := range n.Names {
				v, ok := info.Defs[id].(*types.Var)
				switch {
				case !ok:
				case len(n.Values) == 0:
					vs.unset[v] = true
				default:
					vs.init[v] = value(n.Values, i, len(n.Names))
				}
			}
		case *ast.AssignStmt:
			for i, lhs := range n.Lhs {
				id, ok := ast.Unparen(lhs).(*ast.Ident)
				if !ok {
					continue
				}
				var val ast.Expr
				if n.Tok == token.ASSIGN || n.Tok == token.DEFINE {
					val = value(n.Rhs, i, len(n.Lhs))
				}
				if v, ok := info.Defs[id].(*types.Var); ok {
					vs.init[v] = val
				} else if v := local(id); v != nil {
					vs.stores[v] = append(vs.stores[v], valStore{n.Pos(), val})
				}
			}
		case *ast.UnaryExpr:
			if id, ok := ast.Unparen(n.X).(*ast.Ident); ok && n.Op == token.AND {
				if v := local(id); v != nil {
					vs.stores[v] = append(vs.stores[v], valStore{n.Pos(), nil})
				}
			}
		}
		return true
	})
	return vs
}

// holds reports whether v holds a value at pos: it is not a named result,
// and when declared without a value, an assignment to it comes before pos
// in a block that pos is in, so that it is made on every path to pos.
func (vs *values) holds(v *types.Var, pos token.Pos) bool {
	if vs.results[v] {
		return false
	}
	if !vs.unset[v] {
		return true
	}
	for _, s := range vs.stores[v] {
		if s.pos < pos {
			if sc := vs.info.Scopes[vs.file].Innermost(s.pos); sc != nil && sc.Contains(pos) {
				return true
			}
		}
	}
	return false
}

// detached says what a context variable derives from when that is
// context.Background(), context.TODO() or a package-level variable,
// followed through context.With* calls and local assignments; "" when it
// may carry a request. One such value among its assignments is enough.
func (vs *values) detached(v *types.Var) string {
	return vs.detachedVar(v, map[*types.Var]bool{})
}

func (vs *values) detachedVar(v *types.Var, seen map[*types.Var]bool) string {
	if seen[v] {
		return ""
	}
	seen[v] = true
	if why := vs.detachedExpr(vs.init[v], seen); why != "" {
		return why
	}
	for _, s := range vs.stores[v] {
		if why := vs.detachedExpr(s.value, seen); why != "" {
			return why
		}
	}
	return ""
}

func (vs *values) detachedExpr(e ast.Expr, seen map[*types.Var]bool) string {
	switch e := ast.Unparen(e).(type) {
	case *ast.Ident:
		v, ok := vs.info.Uses[e].(*types.Var)
		switch {
		case !ok:
		case v.Pkg() != nil && v.Parent() == v.Pkg().Scope():
			return "the package-level variable " + v.Name()
		default:
			return vs.detachedVar(v, seen)
		}
	case *ast.CallExpr:
		if tv, ok := vs.info.Types[e.Fun]; ok && tv.IsType() && len(e.Args) == 1 {
			return vs.detachedExpr(e.Args[0], seen) // a conversion
		}
		fn, ok := typeutil.Callee(vs.info, e).(*types.Func)
		if !ok || fn.Pkg() == nil {
			return ""
		}
		if f := vs.derived[fn.Origin()]; f != nil && f.Root.Path == "context" && (f.Root.Name == "Background" || f.Root.Name == "TODO") {
			return "context." + f.Root.Name + "() through " + f.Name
		}
		if fn.Pkg().Path() != "context" {
			return ""
		}
		switch name := fn.Name(); {
		case name == "Background" || name == "TODO":
			return "context." + name + "()"
		case strings.HasPrefix(name, "With") && len(e.Args) > 0:
			return vs.detachedExpr(e.Args[0], seen)
		}
	case *ast.SelectorExpr:
		if v, ok := vs.info.Uses[e.Sel].(*types.Var); ok && !v.IsField() && v.Pkg() != nil && v.Parent() == v.Pkg().Scope() {
			return "the package-level variable " + v.Pkg().Name() + "." + v.Name()
		}
	}
	return ""
}

// builtBy says why a variable's value is not the calling user's, judging by
// how it is built: a constructor that was not chosen (a service account's
// AsService), or a literal (&User{ID: r.PathValue("id")}) that names a user
// instead of taking the request's. "" when no store says so.
func (vs *values) builtBy(v *types.Var, unchosen func(*types.Func) bool) string {
	return vs.builtByVar(v, unchosen, map[*types.Var]bool{})
}

func (vs *values) builtByVar(v *types.Var, unchosen func(*types.Func) bool, seen map[*types.Var]bool) string {
	if seen[v] {
		return ""
	}
	seen[v] = true
	exprs := []ast.Expr{vs.init[v]}
	for _, s := range vs.stores[v] {
		exprs = append(exprs, s.value)
	}
	for _, e := range exprs {
		switch e := ast.Unparen(e).(type) {
		case *ast.CompositeLit:
			return "is built from a literal, not from the request"
		case *ast.UnaryExpr:
			if _, ok := ast.Unparen(e.X).(*ast.CompositeLit); ok && e.Op == token.AND {
				return "is built from a literal, not from the request"
			}
		case *ast.CallExpr:
			if id, ok := ast.Unparen(e.Fun).(*ast.Ident); ok && id.Name == "new" {
				if _, builtin := vs.info.Uses[id].(*types.Builtin); builtin {
					return "is built by new, not from the request"
				}
			}
			if fn, ok := typeutil.Callee(vs.info, e).(*types.Func); ok && unchosen(fn) {
				return fmt.Sprintf("is built by %s.%s, which is not a chosen constructor", fn.Pkg().Name(), fn.Name())
			}
		case *ast.Ident:
			w, ok := vs.info.Uses[e].(*types.Var)
			switch {
			case !ok || w.Pkg() == nil:
			case w.Parent() == w.Pkg().Scope():
				return "holds the package-level variable " + w.Name() + ", the same for every request"
			default:
				if why := vs.builtByVar(w, unchosen, seen); why != "" {
					return why
				}
			}
		case *ast.SelectorExpr:
			if w, ok := vs.info.Uses[e.Sel].(*types.Var); ok && !w.IsField() && w.Pkg() != nil && w.Parent() == w.Pkg().Scope() {
				return "holds the package-level variable " + w.Pkg().Name() + "." + w.Name() + ", the same for every request"
			}
		}
	}
	return ""
}
