package analyzer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/analyzer"
)

// TestOneSuitePerDriver checks what New's doc says of two suites: one
// driver cannot run both, since their fact passes declare the same fact
// types, which analysis.Validate rejects; each runs in a driver of its own
// with only its own rules' findings, on the same loaded packages.
func TestOneSuitePerDriver(t *testing.T) {
	t.Parallel()
	dir, err := filepath.Abs(filepath.Join("testdata", "twosuites"))
	if err != nil {
		t.Fatal(err)
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off", "GOTOOLCHAIN=local"),
	}
	pkgs, err := packages.Load(cfg, "./...")
	if err != nil {
		t.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		t.Fatal("testdata/twosuites does not load")
	}
	suite := func(singleton, replacement string) analyzer.Suite {
		s, err := analyzer.New(analyzer.Config{Rules: []analyzer.Rule{{Singleton: singleton, Replacement: replacement}}}, dir)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	agents := suite("example.com/twosuites/agents.Shared", "example.com/twosuites/agents.ForUser")
	billing := suite("example.com/twosuites/billing.Default", "example.com/twosuites/billing.ForUser")

	if _, err := checker.Analyze(slices.Concat(agents, billing), pkgs, nil); err == nil || !strings.Contains(err.Error(), "registered by two analyzers") {
		t.Errorf("two suites in one checker run: error %v, want the fact types registered by two analyzers", err)
	}
	for _, tt := range []struct {
		suite analyzer.Suite
		want  string
	}{
		{agents, "api.go:12: agents.Shared"},
		{billing, "api.go:13: billing.Default"},
	} {
		g, err := checker.Analyze(tt.suite, pkgs, nil)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, act := range g.Roots {
			for _, d := range act.Diagnostics {
				p := act.Package.Fset.Position(d.Pos)
				name, _, _ := strings.Cut(d.Message, " ") // "agents.Shared is a process-wide singleton ..."
				got = append(got, fmt.Sprintf("%s:%d: %s", filepath.Base(p.Filename), p.Line, name))
			}
		}
		if !slices.Equal(got, []string{tt.want}) {
			t.Errorf("the suite of the rule for %s reports %q, want %q", strings.Fields(tt.want)[1], got, tt.want)
		}
	}
}
