package singleton

import (
	"go/token"
	"go/types"
	"reflect"

	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/internal/objref"
	"github.com/factoryscope/factoryscope/passes/directive"
)

// newReplacementFacts returns the singletonrepl analyzer, which exports a
// replacementFact for every singleton of the settings or of a directive
// declared in the package under analysis. It has no inspector and reports nothing, so running it
// on every dependency is cheap.
func newReplacementFacts(s Settings) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name: "singletonrepl",
		Doc: "exports the resolved replacement of each singleton declared in a package\n\n" +
			"A site that reaches the singleton's package but not the replacement's " +
			"(go vet gives a package only its direct imports' facts and complete " +
			"export data) names the replacement from this fact.",
		URL:        urlFix,
		Requires:   []*analysis.Analyzer{directive.Analyzer},
		FactTypes:  []analysis.Fact{new(replacementFact)},
		ResultType: reflect.TypeFor[*replacementFacts](),
		Run:        func(pass *analysis.Pass) (any, error) { return runReplacementFacts(pass, s), nil },
	}
}

// replacementFact is the fact that a singleton's replacement, resolved in
// the singleton's own package, fits it; it is exported only when its results
// are identical to the singleton's or it has one result of a named type (or
// a pointer to one), and its first parameter P is such a type too, so that a
// site can rebuild the replacement's signature from the singleton's. A site
// that names the singleton imports its package and so sees a replacement
// there; one that reaches it through a wrapper may not, and gets the fact
// through the wrapper's derivedFact.
type replacementFact struct {
	Func    objref.Ref   // the replacement
	PkgName string       // the name of its package
	Param   namedTypeRef // P
	// Result is the replacement's one result when it is not identical to
	// the singleton's (assignable to it, so a fix converts it); nil when
	// the results are identical.
	Result *namedTypeRef
}

// namedTypeRef is a named type, or a pointer to one.
type namedTypeRef struct {
	Path, Name string
	Pointer    bool
}

// AFact marks replacementFact as an analysis fact.
func (*replacementFact) AFact() {}

func (f *replacementFact) String() string {
	s := "replacement(" + f.Func.String() + ", " + f.Param.String()
	if f.Result != nil {
		s += ", returns " + f.Result.String()
	}
	return s + ")"
}

func (t namedTypeRef) String() string {
	s := t.Path + "." + t.Name
	if t.Pointer {
		s = "*" + s
	}
	return s
}

// replacementFacts, the singletonrepl pass's result, is the replacement
// facts the package can see, by singleton.
type replacementFacts struct {
	facts map[types.Object]*replacementFact
}

func runReplacementFacts(pass *analysis.Pass, s Settings) *replacementFacts {
	res := &replacementFacts{facts: map[types.Object]*replacementFact{}}
	var visible map[string]*types.Package
	done := map[types.Object]bool{}
	export := func(obj types.Object, replacement objref.Ref) {
		switch obj.(type) {
		case *types.Func, *types.Var:
		default:
			return
		}
		if obj.Pkg() != pass.Pkg || done[obj] {
			return // the configuration wins
		}
		done[obj] = true
		if visible == nil {
			visible = visiblePackages(pass.Pkg)
		}
		r := &resolvedRule{singleton: obj, replacement: replacement}
		if r.resolve(pass, visible) != nil || r.replacementFunc == nil || !r.replacementFunc.Exported() {
			return // another package could not name it
		}
		if f := factOf(r); f != nil {
			pass.ExportObjectFact(obj, f)
		}
	}
	for _, cr := range s.Rules {
		if cr.Singleton.Path == pass.Pkg.Path() {
			if obj := pass.Pkg.Scope().Lookup(cr.Singleton.Name); obj != nil {
				export(obj, cr.Replacement)
			}
		}
	}
	dir := pass.ResultOf[directive.Analyzer].(*directive.Result)
	for obj, f := range dir.All {
		export(obj, f.Replacement)
	}
	for _, of := range pass.AllObjectFacts() {
		res.facts[of.Object] = of.Fact.(*replacementFact)
	}
	return res
}

// factOf returns the fact for a resolved rule, or nil if a site could not
// rebuild the replacement from it.
func factOf(r *resolvedRule) *replacementFact {
	want := results(r.singleton)
	got := r.replacementFunc.Signature().Results()
	if got.Len() != len(want) {
		return nil
	}
	var result *namedTypeRef
	for i, t := range want {
		if types.Identical(got.At(i).Type(), t) {
			continue
		}
		ref, ok := namedTypeRefOf(got.At(i).Type())
		if !ok || len(want) > 1 {
			return nil
		}
		result = &ref
	}
	param, ok := namedTypeRefOf(r.param)
	if !ok {
		return nil
	}
	return &replacementFact{
		Func:    objref.Of(r.replacementFunc),
		PkgName: r.replacementFunc.Pkg().Name(),
		Param:   param,
		Result:  result,
	}
}

// namedTypeRefOf returns t as a namedTypeRef, if it is a package-level
// named type that is not generic, or a pointer to one.
func namedTypeRefOf(t types.Type) (namedTypeRef, bool) {
	t, ptr := types.Unalias(t), false
	if p, ok := t.(*types.Pointer); ok {
		t, ptr = types.Unalias(p.Elem()), true
	}
	n, ok := t.(*types.Named)
	if !ok || n.Obj().Pkg() == nil || n.TypeArgs().Len() > 0 || n.Obj().Parent() != n.Obj().Pkg().Scope() {
		return namedTypeRef{}, false
	}
	return namedTypeRef{Path: n.Obj().Pkg().Path(), Name: n.Obj().Name(), Pointer: ptr}, true
}

// results returns the types a singleton gives: a func's results, a var's type.
func results(obj types.Object) []types.Type {
	if v, ok := obj.(*types.Var); ok {
		return []types.Type{v.Type()}
	}
	var ts []types.Type
	for v := range obj.(*types.Func).Signature().Results().Variables() {
		ts = append(ts, v.Type())
	}
	return ts
}

// fromFact rebuilds the replacement of r from the fact its singleton's
// package exported: its signature is P followed by the singleton's
// parameters, returning the singleton's results or the fact's Result.
func (r *resolvedRule) fromFact(f *replacementFact, visible map[string]*types.Package) {
	pkg := visible[f.Func.Path]
	if pkg == nil {
		pkg = types.NewPackage(f.Func.Path, f.PkgName)
	}
	p := f.Param.typ(visible)
	params := []*types.Var{types.NewParam(token.NoPos, pkg, "p", p)}
	variadic := false
	var res []*types.Var
	switch s := r.singleton.(type) {
	case *types.Var:
		res = []*types.Var{types.NewParam(token.NoPos, pkg, "", s.Type())}
	case *types.Func:
		sig := s.Signature()
		params = append(params, slicesOf(sig.Params())...)
		res = slicesOf(sig.Results())
		variadic = sig.Variadic()
	}
	if f.Result != nil && len(res) == 1 {
		res = []*types.Var{types.NewParam(token.NoPos, pkg, "", f.Result.typ(visible))}
	}
	sig := types.NewSignatureType(nil, nil, nil, types.NewTuple(params...), types.NewTuple(res...), variadic)
	r.replacementFunc, r.param = types.NewFunc(token.NoPos, pkg, f.Func.Name, sig), p
}

// typ returns the type t names: the type of the package visible here, or,
// when its package is not visible, a stand-in named type of the same path
// and name, which no variable here can have and which constructors (found
// by the type's path) still match.
func (t namedTypeRef) typ(visible map[string]*types.Package) types.Type {
	var typ types.Type
	if pp := visible[t.Path]; pp != nil {
		if tn, ok := pp.Scope().Lookup(t.Name).(*types.TypeName); ok {
			typ = tn.Type()
		}
	}
	if typ == nil {
		name := lastElem(t.Path)
		if pp := visible[t.Path]; pp != nil {
			name = pp.Name()
		}
		tn := types.NewTypeName(token.NoPos, types.NewPackage(t.Path, name), t.Name, nil)
		typ = types.NewNamed(tn, types.NewStruct(nil, nil), nil)
	}
	if t.Pointer {
		typ = types.NewPointer(typ)
	}
	return typ
}

func slicesOf(t *types.Tuple) []*types.Var {
	var vs []*types.Var
	for v := range t.Variables() {
		vs = append(vs, v)
	}
	return vs
}
