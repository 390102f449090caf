package nogo_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/nogo"
)

// globalRule makes agents.Global a singleton; without it only the
// directive on agents.Shared applies.
const globalRule = `{"rules": [{"singleton": "example.com/app/agents.Global", "replacement": "example.com/app/agents.ForContext"}]}`

// The findings in testdata/app, by settings.
var (
	// The directive's: the wrapper's body, and its caller in another
	// package, which only a fact from deps can tell about.
	directiveFindings = []string{
		"deps/deps.go:8:40: agents.Shared is a process-wide singleton shared by all requests; use agents.ForContext instead (no fix: nothing in scope to pass: no context.Context variable and no variable with a Context() method; deps.Agents passes it on, and its callers are reported: once they are migrated, delete it or give it a per-request parameter)",
		"handlers/handlers.go:13:6: deps.Agents returns the process-wide singleton agents.Shared (deps/deps.go:8); call agents.ForContext with r.Context() instead",
	}
	globalFinding = "handlers/handlers.go:14:6: agents.Global is a process-wide singleton shared by all requests; call agents.ForContext with r.Context() instead"
)

var loaded []*packages.Package

func load(t *testing.T) []*packages.Package {
	t.Helper()
	if loaded != nil {
		return loaded
	}
	dir, err := filepath.Abs(filepath.Join("testdata", "app"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{Mode: packages.LoadAllSyntax, Dir: dir, Tests: true, Env: append(os.Environ(), "GOWORK=off", "GOFLAGS=")}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("testdata/app does not load")
	}
	loaded = pkgs
	return pkgs
}

// findings runs a on testdata/app and returns its diagnostics as
// "file:line:col: message", sorted, or the error of the first pass that
// failed (the others fail for its sake).
func findings(t *testing.T, a *analysis.Analyzer) ([]string, error) {
	t.Helper()
	g, err := checker.Analyze([]*analysis.Analyzer{a}, load(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	dir, _ := filepath.Abs(filepath.Join("testdata", "app"))
	var out []string
	for act := range g.All() {
		if act.Err != nil && !strings.HasPrefix(act.Err.Error(), "failed prerequisites") {
			return nil, act.Err
		}
		if act.Analyzer != a {
			continue
		}
		for _, d := range act.Diagnostics {
			p := act.Package.Fset.Position(d.Pos)
			rel, _ := filepath.Rel(dir, p.Filename)
			f := fmt.Sprintf("%s:%d:%d: %s", filepath.ToSlash(rel), p.Line, p.Column, d.Message)
			if !slices.Contains(out, f) { // a package and its test variant
				out = append(out, f)
			}
		}
	}
	slices.Sort(out)
	return out, nil
}

func want(t *testing.T, a *analysis.Analyzer, want []string) {
	t.Helper()
	got, err := findings(t, a)
	if err != nil {
		t.Fatalf("run: %v", err)
	}
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestValidGraph(t *testing.T) {
	if err := analysis.Validate([]*analysis.Analyzer{nogo.Analyzer}); err != nil {
		t.Fatal(err)
	}
	if nogo.Analyzer.Name != "factoryscope" || nogo.Analyzer.Flags.Lookup("settings") == nil {
		t.Fatalf("Analyzer is %s with flags %v, want factoryscope with -settings", nogo.Analyzer.Name, nogo.Analyzer.Flags)
	}
	// The fact passes are in the static graph, with their fact types.
	var facts []string
	var visit func(a *analysis.Analyzer)
	visit = func(a *analysis.Analyzer) {
		for _, f := range a.FactTypes {
			facts = append(facts, fmt.Sprintf("%s:%T", a.Name, f))
		}
		for _, r := range a.Requires {
			visit(r)
		}
	}
	visit(nogo.Analyzer)
	for _, f := range []string{"directive:*directive.Singleton", "ctors:*ctors.constructorsFact", "singletonrepl:*singleton.replacementFact", "singletonderived:*singleton.derivedFact"} {
		if !slices.Contains(facts, f) {
			t.Errorf("no fact %s in the graph: %v", f, facts)
		}
	}
}

func TestDirectivesAlone(t *testing.T) {
	want(t, nogo.New(), directiveFindings)
}

// The flag is set after New, as nogo sets analyzer_flags after the
// package's variables are initialised.
func TestSettingsAfterConstruction(t *testing.T) {
	a := nogo.New()
	if err := a.Flags.Set("settings", globalRule); err != nil {
		t.Fatal(err)
	}
	want(t, a, append(slices.Clone(directiveFindings), globalFinding))
	// A later value replaces the suite.
	if err := a.Flags.Set("settings", ""); err != nil {
		t.Fatal(err)
	}
	want(t, a, directiveFindings)
}

// The entry point reports what the suite that every driver builds from the
// same configuration reports.
func TestSameAsSuite(t *testing.T) {
	cfg, err := analyzer.Decode([]byte(globalRule))
	if err != nil {
		t.Fatal(err)
	}
	suite, err := analyzer.New(cfg, "")
	if err != nil {
		t.Fatal(err)
	}
	wantFindings, err := findings(t, suite[0])
	if err != nil {
		t.Fatal(err)
	}
	a := nogo.New()
	if err := a.Flags.Set("settings", globalRule); err != nil {
		t.Fatal(err)
	}
	want(t, a, wantFindings)
}

func TestBadSettings(t *testing.T) {
	for _, tc := range []struct{ settings, want string }{
		{`{"rules": [{"singleton": "example.com/app/agents.Global"}]}`,
			"-settings: rules[0].replacement: missing: want an import path followed by a name, e.g. example.com/app/pkg.Name"},
		{`{"rules": [{"singleton": "example.com/app/agents.Global", "replacment": "x.Y"}]}`,
			"-settings: rules[0].replacment: unknown field (known: singleton, replacement, message)"},
		{`{"rulez": []}`, "-settings: rulez: unknown field (known: rules, constructors, test-constructors, phases)"},
		{`{"constructors": "example.com/app/agents.ForContext"}`, `-settings: constructors: want a list, got string "example.com/app/agents.ForContext"`},
	} {
		a := nogo.New()
		if err := a.Flags.Set("settings", tc.settings); err != nil {
			t.Fatal(err)
		}
		_, err := findings(t, a)
		if err == nil || err.Error() != tc.want {
			t.Errorf("-settings %s: error %v, want %s", tc.settings, err, tc.want)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("-settings %s: error of several lines: %q", tc.settings, err)
		}
	}
}

// Two analyzers from New, with different settings, run in turns: each
// keeps its own.
func TestIndependent(t *testing.T) {
	configured, plain := nogo.New(), nogo.New()
	if err := configured.Flags.Set("settings", globalRule); err != nil {
		t.Fatal(err)
	}
	if plain.Flags.Lookup("settings").Value.String() != "" {
		t.Fatal("setting one analyzer's -settings set the other's")
	}
	for range 2 {
		want(t, configured, append(slices.Clone(directiveFindings), globalFinding))
		want(t, plain, directiveFindings)
	}
}

// rules_go's nogo leaves Pass.ReadFile unset: the suite reads the files
// itself and reports, with fixes, what it reports under the checker.
func TestWithoutReadFile(t *testing.T) {
	a := nogo.New()
	if err := a.Flags.Set("settings", globalRule); err != nil {
		t.Fatal(err)
	}
	wantFindings, err := findings(t, a)
	if err != nil {
		t.Fatal(err)
	}
	bare := *a
	bare.Run = func(pass *analysis.Pass) (any, error) {
		pass.ReadFile = nil
		return a.Run(pass)
	}
	want(t, &bare, wantFindings)
}
