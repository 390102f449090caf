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
	TakesTB      Param = "testing.TB" // a test constructor
	TakesT       Param = "*testing.T" // a test constructor
)

// Constructor is an exported function F(context.Context) T or
// F(*http.Request) T.
type Constructor struct {
	Name   string
	Takes  Param
	Result string // types.TypeString of T, qualified by full import paths
	Marked bool   // declared with a //factoryscope:constructor directive
}

// Constructors is the package fact listing the constructors of a package
// and of all its dependencies, sorted by import path, each sorted by name.
//
// A package carries its dependencies' constructors because some drivers
// (go vet's unitchecker) give a package only the facts of its direct
// imports: a site that reaches the per-request type only through the
// replacement's package then still finds its constructors.
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
	own := declared(pass.Pkg)
	if len(own) > 0 {
		fact.Packages = append(fact.Packages, Package{Path: pass.Pkg.Path(), List: own})
	}
	// Carry on what the dependencies' facts carry, so that the constructors
	// of every dependency reach a site through its direct imports' facts
	// alone: a site may name a singleton whose replacement's package, and
	// the per-request type's, it does not import. Reading the imports'
	// facts, not their scopes, keeps this linear: each package's scope is
	// scanned once, by its own pass.
	res := &Result{byPath: map[string][]Constructor{pass.Pkg.Path(): own}}
	for _, pf := range pass.AllPackageFacts() {
		for _, p := range pf.Fact.(*Constructors).Packages {
			if _, seen := res.byPath[p.Path]; seen {
				continue
			}
			// Filtered, so the list is the same whichever fact carries it.
			p.List = slices.DeleteFunc(slices.Clone(p.List), notPerRequest)
			res.byPath[p.Path] = p.List
			if len(p.List) > 0 {
				fact.Packages = append(fact.Packages, p)
			}
		}
	}
	slices.SortFunc(fact.Packages, func(a, b Package) int { return strings.Compare(a.Path, b.Path) })
	if len(fact.Packages) > 0 {
		pass.ExportPackageFact(&fact)
	}
	return res, nil
}

// notPerRequest reports whether c cannot build a per-request value: it
// returns a context.Context or an error. Such constructors
// (context.WithoutCancel, context.Cause) are not carried to importers.
func notPerRequest(c Constructor) bool { return c.Result == "context.Context" || c.Result == "error" }

// declared returns the constructors declared in pkg, sorted by name.
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
