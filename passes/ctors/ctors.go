package ctors

import (
	_ "embed"
	"go/types"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/internal/ctorsig"
	"github.com/factoryscope/factoryscope/internal/docs"
	"github.com/factoryscope/factoryscope/passes/directive"
)

//go:embed doc.go
var doc string

// Analyzer exports a constructorsFact for every package that declares, or
// depends on a package that declares, at least one constructor.
var Analyzer = &analysis.Analyzer{
	Name:       "ctors",
	Doc:        docs.MustExtract(doc, "ctors"),
	URL:        "https://github.com/factoryscope/factoryscope/blob/main/docs/rules.md#the-fix",
	Requires:   []*analysis.Analyzer{directive.Analyzer},
	Run:        run,
	FactTypes:  []analysis.Fact{new(constructorsFact)},
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

// ForTests reports whether a constructor taking p is a test constructor.
func (p Param) ForTests() bool { return p == TakesTB || p == TakesT }

// Constructor is an exported, non-generic, non-variadic function F(x) T
// where x is a context.Context, a *net/http.Request, or (a test
// constructor) a testing.TB or a *testing.T.
type Constructor struct {
	Name   string
	Takes  Param
	Result string // types.TypeString of T, qualified by full import paths
	Marked bool   // declared with a //factoryscope:constructor directive
}

// constructorsFact is the package fact listing the constructors of a package
// and of all its dependencies, sorted by import path, each sorted by name.
//
// A package carries its dependencies' constructors because some drivers
// (go vet's unitchecker) give a package only the facts of its direct
// imports: a site that reaches the per-request type only through the
// replacement's package then still finds its constructors.
type constructorsFact struct {
	Packages []pkgConstructors
}

// pkgConstructors is the constructors declared in one package.
type pkgConstructors struct {
	Path string
	List []Constructor
}

// AFact marks constructorsFact as an analysis fact.
func (*constructorsFact) AFact() {}

// String lists the constructors as path.Name, followed by "(testing.TB)"
// or "(*testing.T)" for a test constructor and by " marked" for one
// marked with a //factoryscope:constructor directive.
func (f *constructorsFact) String() string {
	var names []string
	for _, p := range f.Packages {
		for _, c := range p.List {
			name := p.Path + "." + c.Name
			if c.Takes.ForTests() {
				name += "(" + string(c.Takes) + ")"
			}
			if c.Marked {
				name += " marked"
			}
			names = append(names, name)
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
	var fact constructorsFact
	own := declared(pass.Pkg, pass.ResultOf[directive.Analyzer].(*directive.Result))
	if len(own) > 0 {
		fact.Packages = append(fact.Packages, pkgConstructors{Path: pass.Pkg.Path(), List: own})
	}
	// Carry on what the dependencies' facts carry, so that the constructors
	// of every dependency reach a site through its direct imports' facts
	// alone: a site may name a singleton whose replacement's package, and
	// the per-request type's, it does not import. Reading the imports'
	// facts, not their scopes, keeps this linear: each package's scope is
	// scanned once, by its own pass.
	res := &Result{byPath: map[string][]Constructor{pass.Pkg.Path(): own}}
	for _, pf := range pass.AllPackageFacts() {
		for _, p := range pf.Fact.(*constructorsFact).Packages {
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
	slices.SortFunc(fact.Packages, func(a, b pkgConstructors) int { return strings.Compare(a.Path, b.Path) })
	if len(fact.Packages) > 0 {
		pass.ExportPackageFact(&fact)
	}
	return res, nil
}

// notPerRequest reports whether c cannot build a per-request value: it
// returns a context.Context or an error. Such constructors
// (context.WithoutCancel, context.Cause) are not carried to importers.
func notPerRequest(c Constructor) bool { return c.Result == "context.Context" || c.Result == "error" }

// declared returns the constructors declared in pkg, sorted by name, with
// those the directive pass found marked.
func declared(pkg *types.Package, dir *directive.Result) []Constructor {
	var list []Constructor
	scope := pkg.Scope()
	for _, name := range scope.Names() { // sorted, hence deterministic
		fn, ok := scope.Lookup(name).(*types.Func)
		if !ok {
			continue
		}
		if param, result, why := ctorsig.Check(fn); why == "" {
			list = append(list, Constructor{Name: fn.Name(), Takes: Param(param), Result: result, Marked: dir.MarkedConstructor(fn)})
		}
	}
	return list
}
