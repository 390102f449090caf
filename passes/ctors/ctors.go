package ctors

import (
	_ "embed"
	"go/types"
	"reflect"
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

// Constructors is the package fact listing a package's constructors,
// sorted by name.
type Constructors struct {
	List []Constructor
}

// AFact marks Constructors as an analysis fact.
func (*Constructors) AFact() {}

func (f *Constructors) String() string {
	names := make([]string, len(f.List))
	for i, c := range f.List {
		names[i] = c.Name
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
	var own Constructors
	scope := pass.Pkg.Scope()
	for _, name := range scope.Names() { // sorted, hence deterministic
		fn, ok := scope.Lookup(name).(*types.Func)
		if !ok || !fn.Exported() {
			continue
		}
		if c, ok := constructor(fn); ok {
			own.List = append(own.List, c)
		}
	}
	if len(own.List) > 0 {
		pass.ExportPackageFact(&own)
	}
	res := &Result{byPath: make(map[string][]Constructor)}
	for _, pf := range pass.AllPackageFacts() {
		res.byPath[pf.Package.Path()] = pf.Fact.(*Constructors).List
	}
	return res, nil
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
