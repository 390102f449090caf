package singleton_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"
)

// A universe is the dependencies a fuzzed package may import, loaded once,
// with the facts each analyzer exported on them. Running one package
// against it costs a type-check and one pass per analyzer, not the
// analysis of every dependency (net/http's among them) again.
type universe struct {
	analyzer *analysis.Analyzer // the root; the others are its Requires
	pkgs     map[string]*types.Package
	objFacts map[*analysis.Analyzer]map[objectFactKey]analysis.Fact
	pkgFacts map[*analysis.Analyzer]map[packageFactKey]analysis.Fact
}

type objectFactKey struct {
	obj types.Object
	typ reflect.Type
}

type packageFactKey struct {
	pkg *types.Package
	typ reflect.Type
}

// loadUniverse loads the stub packages of testdata/src (those that
// type-check) and the standard packages roots, with their dependencies,
// from source as analysistest does, and runs a over them.
func loadUniverse(a *analysis.Analyzer, roots ...string) (*universe, error) {
	dir := analysistest.TestData()
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  filepath.Join(dir, "src"),
		Env:  append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, append([]string{"example.com/..."}, roots...)...)
	if err != nil {
		return nil, err
	}
	g, err := checker.Analyze([]*analysis.Analyzer{a}, pkgs, &checker.Options{Sequential: true})
	if err != nil {
		return nil, err
	}
	u := &universe{
		analyzer: a,
		pkgs:     map[string]*types.Package{},
		objFacts: map[*analysis.Analyzer]map[objectFactKey]analysis.Fact{},
		pkgFacts: map[*analysis.Analyzer]map[packageFactKey]analysis.Fact{},
	}
	broken := map[*packages.Package]bool{}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		broken[p] = len(p.Errors) > 0 || slices.ContainsFunc(slices.Collect(maps.Values(p.Imports)), func(dep *packages.Package) bool { return broken[dep] })
		if !broken[p] {
			u.pkgs[p.PkgPath] = p.Types
		}
	})
	// Each action holds the facts of its own package and those it
	// inherited; keep the former, as a driver would pass them on to
	// an importer.
	for act := range g.All() {
		if len(act.Analyzer.FactTypes) == 0 || broken[act.Package] {
			continue
		}
		pkg := act.Package.Types
		if u.objFacts[act.Analyzer] == nil {
			u.objFacts[act.Analyzer] = map[objectFactKey]analysis.Fact{}
			u.pkgFacts[act.Analyzer] = map[packageFactKey]analysis.Fact{}
		}
		for _, f := range act.AllObjectFacts() {
			if f.Object.Pkg() == pkg && exportedFrom(f.Object, pkg) {
				u.objFacts[act.Analyzer][objectFactKey{f.Object, reflect.TypeOf(f.Fact)}] = f.Fact
			}
		}
		for _, f := range act.AllPackageFacts() {
			if f.Package == pkg {
				u.pkgFacts[act.Analyzer][packageFactKey{pkg, reflect.TypeOf(f.Fact)}] = f.Fact
			}
		}
	}
	return u, nil
}

// exportedFrom is checker's filter of the facts an importer of pkg sees.
func exportedFrom(obj types.Object, pkg *types.Package) bool {
	switch obj := obj.(type) {
	case *types.Func:
		return obj.Exported() && obj.Pkg() == pkg || obj.Signature().Recv() != nil
	case *types.Var:
		return obj.IsField() || obj.Pkg() == pkg
	case *types.TypeName, *types.Const:
		return true
	}
	return false
}

// A checked package is parsed and type-checked from in-memory sources.
type checked struct {
	fset  *token.FileSet
	files []*ast.File
	src   map[string][]byte // by file name
	pkg   *types.Package
	info  *types.Info
	deps  map[*types.Package]bool // the transitive imports
}

// check parses and type-checks the files (name -> source) as package
// path. It returns an error for a package that does not parse, does not
// type-check, or imports a package outside the universe.
func (u *universe) check(path string, src map[string][]byte) (*checked, error) {
	c := &checked{fset: token.NewFileSet(), src: src, deps: map[*types.Package]bool{}}
	for _, name := range slices.Sorted(maps.Keys(src)) {
		f, err := parser.ParseFile(c.fset, name, src[name], parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		c.files = append(c.files, f)
	}
	c.info = &types.Info{
		Types:        map[ast.Expr]types.TypeAndValue{},
		Instances:    map[*ast.Ident]types.Instance{},
		Defs:         map[*ast.Ident]types.Object{},
		Uses:         map[*ast.Ident]types.Object{},
		Implicits:    map[ast.Node]types.Object{},
		Selections:   map[*ast.SelectorExpr]*types.Selection{},
		Scopes:       map[ast.Node]*types.Scope{},
		FileVersions: map[*ast.File]string{},
	}
	conf := types.Config{Importer: importerFunc(func(p string) (*types.Package, error) {
		if dep := u.pkgs[p]; dep != nil {
			return dep, nil
		}
		return nil, fmt.Errorf("%s is not in the universe", p)
	})}
	pkg, err := conf.Check(path, c.fset, c.files, c.info)
	if err != nil {
		return nil, err
	}
	c.pkg = pkg
	var walk func(*types.Package)
	walk = func(p *types.Package) {
		for _, imp := range p.Imports() {
			if !c.deps[imp] {
				c.deps[imp] = true
				walk(imp)
			}
		}
	}
	walk(pkg)
	for dep := range c.deps {
		if dep.Path() == path {
			return nil, fmt.Errorf("%s imports itself through %s", path, dep.Path())
		}
	}
	return c, nil
}

// analyze runs the universe's analyzer, after the analyzers it requires,
// on the package, with the facts of its dependencies, and returns the
// root's pass and diagnostics.
func (u *universe) analyze(c *checked) (*analysis.Pass, []analysis.Diagnostic, error) {
	results := map[*analysis.Analyzer]any{}
	passes := map[*analysis.Analyzer]*analysis.Pass{}
	var diags []analysis.Diagnostic
	var run func(a *analysis.Analyzer) error
	run = func(a *analysis.Analyzer) error {
		if _, done := passes[a]; done {
			return nil
		}
		for _, req := range a.Requires {
			if err := run(req); err != nil {
				return err
			}
		}
		pass := u.pass(a, c, results)
		if a == u.analyzer {
			pass.Report = func(d analysis.Diagnostic) { diags = append(diags, d) }
		}
		passes[a] = pass
		res, err := a.Run(pass)
		if err != nil {
			return fmt.Errorf("%s: %w", a.Name, err)
		}
		results[a] = res
		return nil
	}
	if err := run(u.analyzer); err != nil {
		return nil, nil, err
	}
	return passes[u.analyzer], diags, nil
}

// pass builds a's pass over c. Facts of dependencies come from the
// universe, restricted to c's imports; facts of c are its own.
func (u *universe) pass(a *analysis.Analyzer, c *checked, results map[*analysis.Analyzer]any) *analysis.Pass {
	objFacts := map[objectFactKey]analysis.Fact{}
	pkgFacts := map[packageFactKey]analysis.Fact{}
	for k, f := range u.objFacts[a] {
		if c.deps[k.obj.Pkg()] {
			objFacts[k] = f
		}
	}
	for k, f := range u.pkgFacts[a] {
		if c.deps[k.pkg] {
			pkgFacts[k] = f
		}
	}
	set := func(ptr, fact analysis.Fact) { reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem()) }
	return &analysis.Pass{
		Analyzer:   a,
		Fset:       c.fset,
		Files:      c.files,
		Pkg:        c.pkg,
		TypesInfo:  c.info,
		TypesSizes: types.SizesFor("gc", "amd64"),
		Module:     &analysis.Module{},
		ResultOf:   results,
		Report:     func(analysis.Diagnostic) {},
		ReadFile: func(name string) ([]byte, error) {
			if src, ok := c.src[name]; ok {
				return src, nil
			}
			return nil, fmt.Errorf("%s is not a file of the package", name)
		},
		ImportObjectFact: func(obj types.Object, ptr analysis.Fact) bool {
			f, ok := objFacts[objectFactKey{obj, reflect.TypeOf(ptr)}]
			if ok {
				set(ptr, f)
			}
			return ok
		},
		ExportObjectFact: func(obj types.Object, f analysis.Fact) {
			if obj.Pkg() != c.pkg {
				panic(fmt.Sprintf("%s: fact %v exported for %v of another package", a.Name, f, obj))
			}
			objFacts[objectFactKey{obj, reflect.TypeOf(f)}] = f
		},
		ImportPackageFact: func(p *types.Package, ptr analysis.Fact) bool {
			f, ok := pkgFacts[packageFactKey{p, reflect.TypeOf(ptr)}]
			if ok {
				set(ptr, f)
			}
			return ok
		},
		ExportPackageFact: func(f analysis.Fact) { pkgFacts[packageFactKey{c.pkg, reflect.TypeOf(f)}] = f },
		AllObjectFacts: func() []analysis.ObjectFact {
			var all []analysis.ObjectFact
			for k, f := range objFacts {
				all = append(all, analysis.ObjectFact{Object: k.obj, Fact: f})
			}
			return all
		},
		AllPackageFacts: func() []analysis.PackageFact {
			var all []analysis.PackageFact
			for k, f := range pkgFacts {
				all = append(all, analysis.PackageFact{Package: k.pkg, Fact: f})
			}
			return all
		},
	}
}
