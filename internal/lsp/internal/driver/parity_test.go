package driver_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/internal/e2etest"
	"github.com/factoryscope/factoryscope/internal/lsp/internal/driver"
	"github.com/factoryscope/factoryscope/passes/ctors"
)

// The tests in this file hold the driver to the contract of x/tools'
// checker, which the CLI runs: each compares the driver's diagnostics
// with the checker's on the same module, or checks a rule the checker
// enforces.

// checkerDiagnostics runs analyzers with the checker (facts round-tripped
// through gob, as its SanityCheck does) on the packages of dir and
// returns the root analyzers' diagnostics as "file:offset: message",
// file relative to dir, sorted.
func checkerDiagnostics(t *testing.T, dir string, analyzers []*analysis.Analyzer) []string {
	t.Helper()
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	graph, err := checker.Analyze(analyzers, pkgs, &checker.Options{SanityCheck: true})
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, act := range graph.Roots {
		if act.Err != nil {
			t.Fatalf("the checker: %s on %s: %v", act.Analyzer.Name, act.Package.PkgPath, act.Err)
		}
		for _, d := range act.Diagnostics {
			pos := act.Package.Fset.PositionFor(d.Pos, false)
			out = append(out, line(t, dir, pos.Filename, pos.Offset, d.Message))
		}
	}
	slices.Sort(out)
	return out
}

// driverDiagnostics analyses the package of each file with d and returns
// the diagnostics as checkerDiagnostics does. An Error diagnostic fails
// the test.
func driverDiagnostics(t *testing.T, d *driver.Driver, dir string, files []string) []string {
	t.Helper()
	var out []string
	for _, f := range files {
		res, err := d.Analyze(context.Background(), f, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, diag := range res.Diagnostics {
			if diag.Severity == driver.Error {
				t.Fatalf("the driver on %s: %s", f, diag.Message)
			}
			out = append(out, line(t, dir, diag.File, diag.Start, diag.Message))
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func line(t *testing.T, dir, file string, offset int, msg string) string {
	t.Helper()
	rel, err := filepath.Rel(dir, file)
	if err != nil {
		t.Fatal(err)
	}
	return fmt.Sprintf("%s:%d: %s", filepath.ToSlash(rel), offset, msg)
}

// ctorsOf reports, at each package clause, the constructors that the
// ctors facts give for the package at path.
func ctorsOf(path string) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "ctorsof",
		Doc:      "ctorsof: test analyzer",
		Requires: []*analysis.Analyzer{ctors.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			var names []string
			for _, c := range pass.ResultOf[ctors.Analyzer].(*ctors.Result).Lookup(path) {
				names = append(names, c.Name)
			}
			for _, f := range pass.Files {
				pass.Report(analysis.Diagnostic{Pos: f.Name.Pos(), Message: path + ": " + strings.Join(names, ",")})
			}
			return nil, nil
		},
	}
}

// TestStandardLibraryFacts: the constructors of a standard package
// (net/http/httptrace.ContextClientTrace) reach a package that imports
// net/http, as under the checker; and a package that imports nothing,
// analysed after it, sees none of them: a package gets the facts of its
// own dependencies only.
func TestStandardLibraryFacts(t *testing.T) {
	dir := driver.WriteModule(t, map[string]string{
		"go.mod":         "module example.com/m\n\ngo 1.24\n",
		"app/app.go":     "package app\n\nimport \"net/http\"\n\nvar _ = http.Get\n",
		"plain/plain.go": "package plain\n\nvar X = 1\n",
	})
	a := ctorsOf("net/http/httptrace")
	want := checkerDiagnostics(t, dir, []*analysis.Analyzer{a})
	if !slices.Contains(want, "app/app.go:8: net/http/httptrace: ContextClientTrace") {
		t.Fatalf("the checker gives %q, want ContextClientTrace in app", want)
	}
	d := newDriver(t, a)
	got := driverDiagnostics(t, d, dir, []string{filepath.Join(dir, "app", "app.go"), filepath.Join(dir, "plain", "plain.go")})
	if !slices.Equal(got, want) {
		t.Errorf("the driver gives\n\t%s\nthe checker\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
	}
}

// TestTestdataModules: on every module of the repository's testdata,
// with its configuration, the whole suite gives the checker's
// diagnostics, and every fact survives a gob round trip unchanged and is
// encoded the same way twice. A module that the others replace a
// dependency with (testdata/domain) is analysed as their dependency only.
func TestTestdataModules(t *testing.T) {
	if testing.Short() {
		t.Skip("analyses several modules and the standard library from source")
	}
	mods, err := filepath.Glob(filepath.Join("..", "..", "..", "..", "testdata", "*", "go.mod"))
	if err != nil || len(mods) == 0 {
		t.Fatalf("no testdata modules: %v", err)
	}
	replaced := map[string]bool{} // the directories the modules replace dependencies with
	for _, mod := range mods {
		data, err := os.ReadFile(mod)
		if err != nil {
			t.Fatal(err)
		}
		for _, rel := range e2etest.LocalReplacements(data) {
			dir, err := filepath.Abs(filepath.Join(filepath.Dir(mod), rel))
			if err != nil {
				t.Fatal(err)
			}
			replaced[dir] = true
		}
	}
	for _, mod := range mods {
		dir, err := filepath.Abs(filepath.Dir(mod))
		if err != nil {
			t.Fatal(err)
		}
		t.Run(filepath.Base(dir), func(t *testing.T) {
			if replaced[dir] {
				t.Skip("a dependency of the other modules, analysed with them")
			}
			cfg, _, err := analyzer.Discover(dir)
			if err != nil {
				t.Fatal(err)
			}
			suite, err := analyzer.New(cfg, dir)
			if err != nil {
				t.Fatal(err)
			}
			want := checkerDiagnostics(t, dir, suite)
			if len(want) == 0 {
				t.Fatalf("the checker reports nothing in %s", dir)
			}
			var files []string // one non-test file of each package
			err = filepath.WalkDir(dir, func(path string, e os.DirEntry, err error) error {
				if err != nil || e.IsDir() {
					return err
				}
				if strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") &&
					!slices.ContainsFunc(files, func(f string) bool { return filepath.Dir(f) == filepath.Dir(path) }) {
					files = append(files, path)
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			got := driverDiagnostics(t, newDriver(t, suite...), dir, files)
			if !slices.Equal(got, want) {
				t.Errorf("the driver gives\n\t%s\nthe checker\n\t%s", strings.Join(got, "\n\t"), strings.Join(want, "\n\t"))
			}
		})
	}
}

func TestValidate(t *testing.T) {
	t.Parallel()
	run := func(*analysis.Pass) (any, error) { return nil, nil }
	type fact struct{ analysis.Fact }
	one := &analysis.Analyzer{Name: "one", Doc: "one", Run: run, FactTypes: []analysis.Fact{new(fact)}}
	for _, tt := range []struct {
		name string
		as   []*analysis.Analyzer
		want string
	}{
		{"undocumented", []*analysis.Analyzer{{Name: "nodoc", Run: run}}, `analyzer "nodoc" is undocumented`},
		{"fact type of two analyzers", []*analysis.Analyzer{one, {Name: "two", Doc: "two", Run: run, Requires: []*analysis.Analyzer{one}, FactTypes: []analysis.Fact{new(fact)}}},
			"registered by two analyzers"},
		{"duplicate", []*analysis.Analyzer{one, one}, "duplicate analyzer: one"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := driver.New(tt.as, nil)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New: error %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// foreignFact is exported by foreign for an object of another package.
type foreignFact struct{}

func (*foreignFact) AFact() {}

// foreign exports, in each package of example.com/m, a fact about an
// object of each package the package imports, which is not allowed.
var foreign = &analysis.Analyzer{
	Name:      "foreign",
	Doc:       "foreign: test analyzer",
	FactTypes: []analysis.Fact{new(foreignFact)},
	Run: func(pass *analysis.Pass) (any, error) {
		if !strings.HasPrefix(pass.Pkg.Path(), "example.com/m/") {
			return nil, nil
		}
		for _, imp := range pass.Pkg.Imports() {
			scope := imp.Scope()
			pass.ExportObjectFact(scope.Lookup(scope.Names()[0]), new(foreignFact))
		}
		return nil, nil
	},
}

// TestFactOnForeignObject: a fact exported for another package's object
// is the error the checker panics with, as an Error diagnostic of the
// package, or of the packages that import it, and not a crash.
func TestFactOnForeignObject(t *testing.T) {
	dir := driver.WriteModule(t, module(t))
	const msg = "can't set facts on objects belonging another package"
	for _, tt := range []struct{ pkg, want string }{
		// The package itself: context.AfterFunc is the first name of
		// the package it imports.
		{"userctx", "analyzer foreign failed on example.com/m/userctx: internal error: in analysis foreign of package example.com/m/userctx: Fact.Set(func context.AfterFunc("},
		// A dependency (lib, which imports userctx) of the package.
		{"app", "factoryscope did not analyse this package: facts of dependency example.com/m/lib: analyzer foreign failed on example.com/m/lib: internal error: in analysis foreign of package example.com/m/lib: Fact.Set(func example.com/m/userctx.FromContext("},
	} {
		res, err := newDriver(t, foreign).Analyze(context.Background(), filepath.Join(dir, tt.pkg, tt.pkg+".go"), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Diagnostics) != 1 || res.Diagnostics[0].Severity != driver.Error ||
			!strings.Contains(res.Diagnostics[0].Message, tt.want) || !strings.HasSuffix(res.Diagnostics[0].Message, msg) {
			t.Errorf("%s: diagnostics %+v, want one error containing %q and ending %q", tt.pkg, res.Diagnostics, tt.want, msg)
		}
	}
}

// mapFact has a map, whose gob encoding follows the map's random order.
type mapFact struct{ M map[string]int }

func (*mapFact) AFact() {}

// lossyFact has a field that gob does not encode.
type lossyFact struct {
	Kept string
	lost string
}

func (*lossyFact) AFact() {}

// TestFactSanity: with the sanity checks on, a fact whose gob encoding
// is not deterministic, or that gob does not give back unchanged, is an
// error of the analyzer that exports it.
func TestFactSanity(t *testing.T) {
	dir := driver.WriteModule(t, module(t))
	file := filepath.Join(dir, "userctx", "userctx.go")
	m := map[string]int{}
	for i := range 64 {
		m[fmt.Sprint(i)] = i
	}
	for _, tt := range []struct {
		fact analysis.Fact
		want string
	}{
		{&mapFact{M: m}, "encoding of *driver_test.mapFact fact is nondeterministic"},
		{&lossyFact{Kept: "k", lost: "l"}, "*driver_test.lossyFact fact {Kept:k lost:l} is {Kept:k lost:} after a gob round trip"},
	} {
		a := &analysis.Analyzer{
			Name:      "exporter",
			Doc:       "exporter: test analyzer",
			FactTypes: []analysis.Fact{reflect.New(reflect.TypeOf(tt.fact).Elem()).Interface().(analysis.Fact)},
			Run: func(pass *analysis.Pass) (any, error) {
				pass.ExportPackageFact(tt.fact)
				pass.Report(analysis.Diagnostic{Pos: pass.Files[0].Package, Message: "exported"})
				return nil, nil
			},
		}
		res, err := newDriver(t, a).Analyze(context.Background(), file, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Diagnostics) != 1 || res.Diagnostics[0].Severity != driver.Error || !strings.Contains(res.Diagnostics[0].Message, tt.want) {
			t.Errorf("diagnostics %+v, want one error containing %q", res.Diagnostics, tt.want)
		}
		// Without the checks (the language server), the fact is kept.
		plain, err := driver.New([]*analysis.Analyzer{a}, append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off"))
		if err != nil {
			t.Fatal(err)
		}
		if res, err := plain.Analyze(context.Background(), file, nil); err != nil || len(res.Diagnostics) != 1 || res.Diagnostics[0].Message != "exported" {
			t.Errorf("without sanity checks: %+v, %v", res, err)
		}
	}
}
