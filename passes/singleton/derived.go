package singleton

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"path/filepath"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/factoryscope/factoryscope/internal/objref"
	"github.com/factoryscope/factoryscope/passes/directive"
)

// newDerived returns the analyzer that finds the objects through which
// code reaches a singleton without naming it: wrappers (funcs and methods
// every return path of which returns the singleton's value), holder
// variables and holder fields. It exports a derivedFact for each wrapper,
// so that their callers in other packages are reported too.
func newDerived(s Settings, replFacts *analysis.Analyzer) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "singletonderived",
		Doc: "finds the wrappers, holder variables and holder fields of singletons\n\n" +
			"A func or method every return path of which returns a singleton's value, " +
			"an unexported package-level var or struct field every store of which is " +
			"one, is a use of the singleton wherever it is called or read.",
		URL:        urlIndirect,
		Requires:   []*analysis.Analyzer{directive.Analyzer, replFacts},
		FactTypes:  []analysis.Fact{new(derivedFact)},
		ResultType: reflect.TypeFor[*derivedSet](),
		Run: func(pass *analysis.Pass) (any, error) {
			return runDerived(pass, s, pass.ResultOf[replFacts].(*replacementFacts)), nil
		},
	}
}

// derivedFact is the fact that a func or method returns, or a var or field
// holds, the value of a singleton.
type derivedFact struct {
	Name            string           // how messages name the object: deps.Agents, deps.Container.Agents
	Root            objref.Ref       // the singleton
	Replacement     objref.Ref       // its rule's replacement
	Message         string           // its rule's message
	ReplacementFact *replacementFact // the singleton's replacementFact, for sites that cannot see the replacement
	Via             string           // how: "returns the process-wide singleton agents.Shared (deps/deps.go:7)"
	Result          int              // for a func, the result that is the singleton's value
	Type            string           // the singleton's value's type, types.TypeString with full paths
	// Forward is set when the object yields exactly the singleton's value:
	// a body that is one return of it, with the parameters passed straight
	// through, or a holder every store of which is it. Only then does a
	// site get the fix a direct use gets.
	Forward bool
}

// AFact marks derivedFact as an analysis fact.
func (*derivedFact) AFact() {}

func (f *derivedFact) String() string {
	s := "derived(" + f.Root.String()
	if f.Forward {
		s += ", forward"
	}
	return s + ")"
}

// derivedSet is the derived objects a package can name: its own (holders
// included) and its imports' wrappers.
type derivedSet struct {
	objs map[types.Object]*derivedFact
	used bool // the package refers to a singleton or a derived object
}

// root is a singleton as a starting point of derivation.
type root struct {
	ref, replacement objref.Ref
	message          string
	replacementFact  *replacementFact
	typ              string // the type of the singleton's value
}

// deriver computes the derived objects of one package.
type deriver struct {
	pass    *analysis.Pass
	roots   map[types.Object]*root
	derived map[types.Object]*derivedFact // this package's, and imported facts as looked up
	locals  map[*types.Var]ast.Expr       // function-local vars assigned once, by their value
	stores  map[*types.Var][]ast.Expr     // package vars and fields: every value stored
	spoilt  map[*types.Var]bool           // stored something unknown, or its address taken
	names   map[*types.Var]string         // fields: Type.field
	funcs   []*ast.FuncDecl
}

func runDerived(pass *analysis.Pass, s Settings, replFacts *replacementFacts) *derivedSet {
	set := &derivedSet{objs: map[types.Object]*derivedFact{}}
	d := &deriver{
		pass:    pass,
		roots:   map[types.Object]*root{},
		derived: map[types.Object]*derivedFact{},
	}
	// A package can name only its own objects and its direct imports':
	// leave early when none of them is a singleton and no wrapper is known.
	// The wrappers it may call come from any dependency (a method of a
	// type returned by a direct import), so all their facts are read.
	near := map[string]bool{pass.Pkg.Path(): true}
	for _, imp := range pass.Pkg.Imports() {
		near[imp.Path()] = true
	}
	for _, of := range pass.AllObjectFacts() {
		if f, ok := of.Fact.(*derivedFact); ok && of.Object.Pkg() != pass.Pkg {
			set.objs[of.Object] = f
			d.derived[of.Object] = f
		}
	}
	reaches := len(d.derived) > 0
	var visible map[string]*types.Package
	for _, cr := range s.Rules {
		if !near[cr.Singleton.Path] {
			continue
		}
		if visible == nil {
			visible = visiblePackages(pass.Pkg)
		}
		if p := visible[cr.Singleton.Path]; p != nil {
			if obj := p.Scope().Lookup(cr.Singleton.Name); obj != nil {
				d.addRoot(obj, cr.Replacement, cr.Message, replFacts)
			}
		}
	}
	for obj, f := range pass.ResultOf[directive.Analyzer].(*directive.Result).All {
		if obj.Pkg() != nil && near[obj.Pkg().Path()] {
			d.addRoot(obj, f.Replacement, f.Message, replFacts)
		}
	}
	if len(d.roots) == 0 && !reaches {
		return set
	}
	if set.used = d.usesAny(); !set.used {
		return set // nothing here can derive from a singleton
	}
	d.collect()
	d.solve()
	for obj, f := range d.derived {
		if obj.Pkg() != pass.Pkg {
			continue
		}
		set.objs[obj] = f
		if fn, ok := obj.(*types.Func); ok {
			pass.ExportObjectFact(fn, f)
		}
	}
	return set
}

func (d *deriver) addRoot(obj types.Object, replacement objref.Ref, msg string, replFacts *replacementFacts) {
	switch obj.(type) {
	case *types.Func, *types.Var:
	default:
		return
	}
	if _, dup := d.roots[obj]; dup {
		return // the configuration wins over a directive
	}
	var t types.Type
	switch o := obj.(type) {
	case *types.Var:
		t = o.Type()
	case *types.Func:
		if o.Signature().Results().Len() == 0 {
			return
		}
		t = o.Signature().Results().At(0).Type()
	}
	fact := replFacts.facts[obj]
	if fact == nil {
		fact = d.ownFact(obj, replacement)
	}
	d.roots[obj] = &root{ref: objref.Of(obj), replacement: replacement, message: msg, replacementFact: fact, typ: typeKey(t)}
}

// ownFact returns the replacementFact of a singleton whose package
// exported none, resolved in this package, for the wrappers' facts to
// carry. Under go vet, a package outside the configuration's directory
// (the standard library, a module in the cache) is analysed without the
// configured rules, so a configured singleton declared there has no fact;
// a wrapper in the module that can name the replacement gives its callers
// the same fix as under the other drivers.
func (d *deriver) ownFact(obj types.Object, replacement objref.Ref) *replacementFact {
	r := &resolvedRule{singleton: obj, replacement: replacement}
	if r.resolve(d.pass, visiblePackages(d.pass.Pkg)) != nil || r.replacementFunc == nil || !r.replacementFunc.Exported() {
		return nil
	}
	return factOf(r)
}

// collect records the package's funcs with results, every store into its
// package vars and struct fields, and its function-local vars that are
// assigned only where they are declared.
func (d *deriver) collect() {
	info := d.pass.TypesInfo
	d.locals = map[*types.Var]ast.Expr{}
	d.stores = map[*types.Var][]ast.Expr{}
	d.spoilt = map[*types.Var]bool{}
	d.names = map[*types.Var]string{}
	mine := func(v *types.Var) bool { return v != nil && v.Pkg() == d.pass.Pkg }
	pkgLevel := func(v *types.Var) bool { return !v.IsField() && v.Parent() == d.pass.Pkg.Scope() }
	// target is the var or field an expression stores into, if it is one.
	target := func(e ast.Expr) *types.Var {
		switch e := ast.Unparen(e).(type) {
		case *ast.Ident:
			v, _ := info.ObjectOf(e).(*types.Var)
			return v
		case *ast.SelectorExpr:
			v, _ := info.ObjectOf(e.Sel).(*types.Var)
			return v
		}
		return nil
	}
	store := func(v *types.Var, val ast.Expr, define bool) {
		switch {
		case !mine(v):
		case val == nil:
			d.spoilt[v] = true
		case v.IsField() || pkgLevel(v):
			d.stores[v] = append(d.stores[v], val)
		case define:
			d.locals[v] = val
		default:
			d.spoilt[v] = true // a local assigned again
		}
	}
	for _, file := range d.pass.Files {
		for _, decl := range file.Decls {
			if fd, ok := decl.(*ast.FuncDecl); ok && fd.Body != nil && fd.Type.Results.NumFields() > 0 {
				d.funcs = append(d.funcs, fd)
			}
		}
		ast.Inspect(file, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.TypeSpec:
				if st, ok := n.Type.(*ast.StructType); ok {
					for _, f := range st.Fields.List {
						for _, id := range f.Names {
							if v, ok := info.Defs[id].(*types.Var); ok {
								d.names[v] = n.Name.Name + "." + id.Name
							}
						}
					}
				}
			case *ast.ValueSpec:
				for i, id := range n.Names {
					v, _ := info.Defs[id].(*types.Var)
					switch {
					case len(n.Values) == len(n.Names):
						store(v, n.Values[i], true)
					case len(n.Values) > 0:
						store(v, nil, true)
					}
				}
			case *ast.AssignStmt:
				for i, lhs := range n.Lhs {
					v := target(lhs)
					if v == nil {
						continue
					}
					var val ast.Expr
					if len(n.Rhs) == len(n.Lhs) && (n.Tok == token.ASSIGN || n.Tok == token.DEFINE) {
						val = n.Rhs[i]
					}
					id, isID := ast.Unparen(lhs).(*ast.Ident)
					store(v, val, n.Tok == token.DEFINE && isID && info.Defs[id] == v)
				}
			case *ast.IncDecStmt:
				store(target(n.X), nil, false)
			case *ast.RangeStmt:
				if n.Key != nil {
					store(target(n.Key), nil, false)
				}
				if n.Value != nil {
					store(target(n.Value), nil, false)
				}
			case *ast.UnaryExpr:
				if n.Op == token.AND {
					store(target(n.X), nil, false)
				}
			case *ast.CompositeLit:
				d.collectLit(n)
			}
			return true
		})
	}
}

// collectLit records the fields a struct literal stores.
func (d *deriver) collectLit(lit *ast.CompositeLit) {
	info := d.pass.TypesInfo
	st, ok := typeOf(info, lit).(*types.Struct)
	if !ok {
		return
	}
	for i, elt := range lit.Elts {
		var f *types.Var
		val := elt
		if kv, ok := elt.(*ast.KeyValueExpr); ok {
			if id, ok := kv.Key.(*ast.Ident); ok {
				f, _ = info.ObjectOf(id).(*types.Var)
			}
			val = kv.Value
		} else if i < st.NumFields() {
			f = st.Field(i)
		}
		if f != nil && f.Pkg() == d.pass.Pkg {
			d.stores[f] = append(d.stores[f], val)
		}
	}
}

func typeOf(info *types.Info, lit *ast.CompositeLit) types.Type {
	t := info.TypeOf(lit)
	if t == nil {
		return nil
	}
	if p, ok := t.Underlying().(*types.Pointer); ok {
		t = p.Elem()
	}
	return t.Underlying()
}

// solve finds the derived objects of the package: it repeats until nothing
// changes, since wrappers and holders may derive from each other in any
// order.
func (d *deriver) solve() {
	info := d.pass.TypesInfo
	for changed := true; changed; {
		changed = false
		for v, vals := range d.stores {
			if d.derived[v] != nil || d.spoilt[v] || v.Exported() {
				continue // another package may store into an exported var or field
			}
			if f := d.holder(v, vals); f != nil {
				d.derived[v], changed = f, true
			}
		}
		for _, fd := range d.funcs {
			fn, ok := info.Defs[fd.Name].(*types.Func)
			if !ok || d.derived[fn] != nil || d.roots[fn] != nil {
				continue
			}
			if f := d.wrapper(fn, fd); f != nil {
				d.derived[fn], changed = f, true
			}
		}
	}
}

// derivation is how an expression comes to hold a singleton's value.
type derivation struct {
	root    *root
	desc    string // "the process-wide singleton agents.Shared (deps/deps.go:7)"
	forward bool   // it is exactly the singleton's value, see derivedFact.Forward
}

// holder returns the fact for a var or field every store of which derives
// from the same singleton.
func (d *deriver) holder(v *types.Var, vals []ast.Expr) *derivedFact {
	var first *derivation
	forward := true
	for _, val := range vals {
		dv := d.expr(val, nil, nil)
		if dv == nil || first != nil && dv.root.ref != first.root.ref {
			return nil
		}
		if first == nil {
			first = dv
		}
		forward = forward && dv.forward
	}
	name := d.pass.Pkg.Name() + "." + v.Name()
	if v.IsField() {
		name = d.pass.Pkg.Name() + "." + d.names[v]
	}
	forward = forward && typeKey(v.Type()) == first.root.typ
	return d.fact(first, name, "holds "+first.desc, 0, forward)
}

// wrapper returns the fact for a func or method every return path of which
// gives a singleton's value as the same result.
func (d *deriver) wrapper(fn *types.Func, fd *ast.FuncDecl) *derivedFact {
	var rets []*ast.ReturnStmt
	ast.Inspect(fd.Body, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.FuncLit:
			return false
		case *ast.ReturnStmt:
			rets = append(rets, n)
		}
		return true
	})
	nres := fn.Signature().Results().Len()
	if len(rets) == 0 {
		return nil
	}
	for i := range nres {
		var first *derivation
		for _, ret := range rets {
			if len(ret.Results) != nres {
				return nil // a bare return, or a call's results
			}
			dv := d.expr(ret.Results[i], fn, fd)
			if dv == nil || first != nil && dv.root.ref != first.root.ref {
				first = nil
				break
			}
			if first == nil {
				first = dv
			}
		}
		if first == nil {
			continue
		}
		forward := nres == 1 && len(fd.Body.List) == 1 && first.forward &&
			typeKey(fn.Signature().Results().At(0).Type()) == first.root.typ
		return d.fact(first, funcName(fn), "returns "+first.desc, i, forward)
	}
	return nil
}

func (d *deriver) fact(dv *derivation, name, via string, result int, forward bool) *derivedFact {
	r := dv.root
	return &derivedFact{
		Name: name, Via: via, Result: result, Forward: forward,
		Root: r.ref, Replacement: r.replacement, Message: r.message, ReplacementFact: r.replacementFact, Type: r.typ,
	}
}

// expr returns how e derives from a singleton, or nil. fn and fd are the
// wrapper e is returned from, if any: a forwarded call passes fn's
// parameters straight through.
func (d *deriver) expr(e ast.Expr, fn *types.Func, fd *ast.FuncDecl) *derivation {
	info := d.pass.TypesInfo
	e = ast.Unparen(e)
	switch e := e.(type) {
	case *ast.CallExpr:
		callee, ok := typeutil.Callee(info, e).(*types.Func)
		if !ok {
			return nil
		}
		callee = callee.Origin()
		dv := d.object(callee, e.Fun)
		if dv == nil || callee.Signature().Results().Len() != 1 {
			return nil
		}
		dv.forward = dv.forward && passesThrough(info, e, fn)
		return dv
	case *ast.Ident:
		obj := info.Uses[e]
		if v, ok := obj.(*types.Var); ok && d.locals[v] != nil && !d.spoilt[v] {
			dv := d.expr(d.locals[v], nil, nil)
			if dv != nil {
				dv.forward = false // the wrapper may do more with it
			}
			return dv
		}
		return d.read(obj, e)
	case *ast.SelectorExpr:
		sel := info.Selections[e]
		if sel == nil { // a qualified identifier
			return d.read(info.Uses[e.Sel], e)
		}
		if sel.Kind() != types.FieldVal {
			return nil
		}
		dv := d.object(sel.Obj(), e)
		if dv != nil {
			_, plain := ast.Unparen(e.X).(*ast.Ident)
			dv.forward = dv.forward && plain
		}
		return dv
	}
	return nil
}

// read returns how a read at e of obj, a var, derives from a singleton.
// A func read as a value (var get = agents.Shared) is not its value.
func (d *deriver) read(obj types.Object, e ast.Node) *derivation {
	if _, ok := obj.(*types.Var); !ok {
		return nil
	}
	return d.object(obj, e)
}

// object returns how a use at e of obj, a singleton or a derived object,
// derives from a singleton.
func (d *deriver) object(obj types.Object, e ast.Node) *derivation {
	if obj == nil {
		return nil
	}
	if r := d.roots[obj]; r != nil {
		return &derivation{root: r, desc: "the process-wide singleton " + objName(obj) + " (" + d.where(e) + ")", forward: true}
	}
	f := d.derived[obj]
	if f == nil && obj.Pkg() != d.pass.Pkg && obj.Pkg() != nil {
		if fn, ok := obj.(*types.Func); ok {
			var imp derivedFact
			if d.pass.ImportObjectFact(fn, &imp) {
				f = &imp
				d.derived[obj] = f
			}
		}
	}
	if f == nil || f.Result != 0 {
		return nil
	}
	r := &root{ref: f.Root, replacement: f.Replacement, message: f.Message, replacementFact: f.ReplacementFact, typ: f.Type}
	return &derivation{root: r, desc: f.Name + ", which " + f.Via, forward: f.Forward}
}

// where is a short position: the file's directory and name, and the line.
func (d *deriver) where(n ast.Node) string {
	p := d.pass.Fset.Position(n.Pos())
	return fmt.Sprintf("%s/%s:%d", filepath.Base(filepath.Dir(p.Filename)), filepath.Base(p.Filename), p.Line)
}

// passesThrough reports whether call passes fn's parameters, in order and
// unchanged, as its arguments (no arguments when fn is nil or has none).
func passesThrough(info *types.Info, call *ast.CallExpr, fn *types.Func) bool {
	var params []*types.Var
	if fn != nil {
		params = slices.Collect(fn.Signature().Params().Variables())
	}
	if len(call.Args) != len(params) || call.Ellipsis.IsValid() != (fn != nil && fn.Signature().Variadic()) {
		return false
	}
	for i, a := range call.Args {
		id, ok := a.(*ast.Ident)
		if !ok || info.Uses[id] != params[i] {
			return false
		}
	}
	return true
}

// typeKey writes t with full package paths and without aliases, so that
// two packages that see the same type through different aliases
// (golang.org/x/net/context.Context, context.Context) write it alike.
func typeKey(t types.Type) string {
	switch u := types.Unalias(t).(type) {
	case *types.Pointer:
		return "*" + typeKey(u.Elem())
	case *types.Slice:
		return "[]" + typeKey(u.Elem())
	default:
		return types.TypeString(u, nil)
	}
}

// funcName names a func as pkg.F, a method as pkg.T.M.
func funcName(fn *types.Func) string {
	recv := fn.Signature().Recv()
	if recv == nil {
		return objName(fn)
	}
	t := recv.Type()
	if p, ok := t.(*types.Pointer); ok {
		t = p.Elem()
	}
	if n, ok := types.Unalias(t).(*types.Named); ok {
		return fn.Pkg().Name() + "." + n.Obj().Name() + "." + fn.Name()
	}
	return objName(fn)
}

// usesAny reports whether the package refers to a singleton or to an
// imported derived object: without one, nothing in it derives, and the
// package need not be walked.
func (d *deriver) usesAny() bool {
	for _, obj := range d.pass.TypesInfo.Uses {
		if fn, ok := obj.(*types.Func); ok {
			obj = fn.Origin()
		}
		if d.roots[obj] != nil || d.derived[obj] != nil {
			return true
		}
	}
	return false
}
