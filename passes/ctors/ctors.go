package ctors

import (
	_ "embed"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/internal/docs"
)

//go:embed doc.go
var doc string

// Analyzer exports a Constructors fact for every package that declares at
// least one context constructor.
var Analyzer = &analysis.Analyzer{
	Name:       "ctors",
	Doc:        docs.MustExtract(doc, "ctors"),
	URL:        "https://github.com/factoryscope/factoryscope#the-fix",
	Run:        run,
	FactTypes:  []analysis.Fact{new(Constructors)},
	ResultType: reflect.TypeFor[*Result](),
}

// Param says what a constructor takes.
type Param string

// The parameter kinds of a constructor.
const (
	TakesContext Param = "context.Context"
	TakesRequest Param = "*net/http.Request"
)

// Constructor is an exported function F(context.Context) T or
// F(*http.Request) T.
type Constructor struct {
	Name   string
	Takes  Param
	Result string // types.TypeString of T, qualified by full import paths
}

// Constructors is the package fact listing the constructors of a package,
// of its direct imports, and those its direct imports' facts list (hence of
// all its dependencies), sorted by import path, each sorted by name.
//
// A package carries its imports' constructors too because some drivers
// (go vet's unitchecker) give a package only the facts of its direct
// imports: a site that reaches the per-request type only through the
// replacement's package then still finds the constructors, as the
// replacement's package imports the type's package directly and its export
// data is complete.
type Constructors struct {
	Packages []Package
}

// Package is the constructors declared in one package.
type Package struct {
	Path string
	List []Constructor
}

// AFact marks Constructors as an analysis fact.
func (*Constructors) AFact() {}

func (f *Constructors) String() string {
	var names []string
	for _, p := range f.Packages {
		for _, c := range p.List {
			names = append(names, p.Path+"."+c.Name)
		}
	}
	return "ctors(" + strings.Join(names, ", ") + ")"
}

// Result gives the constructors of the package and of all its dependencies,
// by import path.
type Result struct {
	byPath map[string][]Constructor
}

// Lookup returns the constructors declared in the package with the given
// import path, or nil.
func (r *Result) Lookup(path string) []Constructor { return r.byPath[path] }

func run(pass *analysis.Pass) (any, error) {
	var fact Constructors
	for _, pkg := range append([]*types.Package{pass.Pkg}, pass.Pkg.Imports()...) {
		list := declared(pkg)
		if pkg != pass.Pkg {
			// Of an import's constructors, carry only those that can build
			// a per-request value: context.WithoutCancel and
			// context.Cause would ride along in every fact otherwise.
			list = slices.DeleteFunc(list, perRequest)
		}
		if len(list) > 0 {
			fact.Packages = append(fact.Packages, Package{Path: pkg.Path(), List: list})
		}
	}
	// Carry on what the imports' facts carry, so that the constructors of
	// every dependency reach a site through its direct imports alone: a
	// site may name a singleton whose replacement's package, and the
	// per-request type's, it does not import.
	for _, pf := range pass.AllPackageFacts() {
		for _, p := range pf.Fact.(*Constructors).Packages {
			if slices.ContainsFunc(fact.Packages, func(q Package) bool { return q.Path == p.Path }) {
				continue
			}
			p.List = slices.DeleteFunc(slices.Clone(p.List), perRequest)
			if len(p.List) > 0 {
				fact.Packages = append(fact.Packages, p)
			}
		}
	}
	slices.SortFunc(fact.Packages, func(a, b Package) int { return strings.Compare(a.Path, b.Path) })
	if len(fact.Packages) > 0 {
		pass.ExportPackageFact(&fact)
	}
	res := &Result{byPath: make(map[string][]Constructor)}
	for _, pf := range pass.AllPackageFacts() {
		for _, p := range pf.Fact.(*Constructors).Packages {
			res.byPath[p.Path] = p.List // the same list whichever fact carries it
		}
	}
	return res, nil
}

// perRequest reports whether c cannot build a per-request value: it
// returns a context.Context or an error.
func perRequest(c Constructor) bool { return c.Result == "context.Context" || c.Result == "error" }

// declared returns the constructors declared in pkg, sorted by name. For a
// direct import, pkg comes from complete export data.
func declared(pkg *types.Package) []Constructor {
	var list []Constructor
	scope := pkg.Scope()
	for _, name := range scope.Names() { // sorted, hence deterministic
		fn, ok := scope.Lookup(name).(*types.Func)
		if !ok || !fn.Exported() {
			continue
		}
		if c, ok := constructor(fn); ok {
			list = append(list, c)
		}
	}
	return list
}

// constructor reports whether fn has the shape of a context constructor.
func constructor(fn *types.Func) (Constructor, bool) {
	sig := fn.Signature()
	if sig.TypeParams().Len() > 0 || sig.Variadic() || sig.Params().Len() != 1 || sig.Results().Len() != 1 {
		return Constructor{}, false
	}
	var takes Param
	switch types.TypeString(sig.Params().At(0).Type(), nil) {
	case "context.Context":
		takes = TakesContext
	case "*net/http.Request":
		takes = TakesRequest
	default:
		return Constructor{}, false
	}
	return Constructor{Name: fn.Name(), Takes: takes, Result: types.TypeString(sig.Results().At(0).Type(), nil)}, true
}
