package singleton_test

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/internal/factcheck"
	"github.com/factoryscope/factoryscope/passes/singleton"
)

// TestFactsRoundTrip: every fact that the suite's passes export on the
// packages of every pass's testdata (directive singletons, constructors,
// replacements, derived objects) survives unchanged the gob round trip
// that go vet and golangci-lint put facts through, and is encoded the
// same way twice.
func TestFactsRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("loads the testdata and the standard library from source")
	}
	t.Parallel()
	suite := []*analysis.Analyzer{singleton.New(allRules())}
	dirs, err := filepath.Glob(filepath.Join("..", "*", "testdata"))
	if err != nil || len(dirs) < 3 {
		t.Fatalf("testdata of the passes: %q, %v", dirs, err)
	}
	count := map[reflect.Type]int{}
	for _, dir := range dirs {
		dir, err := filepath.Abs(dir)
		if err != nil {
			t.Fatal(err)
		}
		cfg := &packages.Config{
			Mode:  packages.LoadAllSyntax,
			Dir:   filepath.Join(dir, "src"),
			Env:   append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOPROXY=off", "GOWORK=off"),
			Tests: true,
		}
		pkgs, err := packages.Load(cfg, "./...")
		if err != nil {
			t.Fatal(err)
		}
		graph, err := checker.Analyze(suite, pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		check := func(where string, f analysis.Fact) {
			count[reflect.TypeOf(f)]++
			if _, err := factcheck.RoundTrip(f); err != nil {
				t.Errorf("%s: %v", where, err)
			}
		}
		for act := range graph.All() {
			for _, of := range act.AllObjectFacts() {
				if of.Object.Pkg() == act.Package.Types {
					check(act.String(), of.Fact)
				}
			}
			for _, pf := range act.AllPackageFacts() {
				if pf.Package == act.Package.Types {
					check(act.String(), pf.Fact)
				}
			}
		}
	}
	// Every fact type of the suite's passes: directive singletons,
	// constructors, replacements and derived objects.
	var factTypes []analysis.Fact
	seen := map[*analysis.Analyzer]bool{}
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		if !seen[a] {
			seen[a] = true
			factTypes = append(factTypes, a.FactTypes...)
			for _, r := range a.Requires {
				visit(r)
			}
		}
	}
	for _, a := range suite {
		visit(a)
	}
	if len(factTypes) < 4 {
		t.Errorf("the suite's passes declare %d fact types, want the 4 of directive, ctors, singletonrepl and singletonderived", len(factTypes))
	}
	for _, f := range factTypes {
		if count[reflect.TypeOf(f)] == 0 {
			t.Errorf("no %T fact in the testdata: the test checks nothing of it", f)
		}
	}
}
