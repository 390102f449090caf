package golangci_test

import (
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

// wrapped is the module whose handlers reach the singleton only through
// wrappers (api.Agents -> deps.Agents -> deps.current, two packages from
// the site), a holder variable's accessor, a container method and a
// holder field. Its .golangci.yml enables factoryscope with no settings:
// the directives are the rules.
var wrapped = filepath.Join(root, "testdata", "wrapped")

// site is a finding as both drivers can give it.
type site struct {
	pos     string // file:line:col, relative to the module
	message string
	fixes   int
}

// cliSites runs the CLI with -json on dir and returns its findings by
// position; a site reported by a package and its test variant counts once.
func cliSites(t *testing.T, dir string) map[string]site {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "factoryscope")
	e2etest.Must(t, root, "go", "build", "-o", bin, "./cmd/factoryscope")
	r := e2etest.Run(t, dir, bin, "-json", "./...")
	if r.Code != 0 {
		t.Fatalf("factoryscope -json ./...: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	var tree map[string]map[string][]struct {
		Posn, Message  string
		SuggestedFixes []json.RawMessage `json:"suggested_fixes"`
	}
	if err := json.Unmarshal([]byte(r.Stdout), &tree); err != nil {
		t.Fatalf("factoryscope -json: %v\n%s", err, r.Stdout)
	}
	sites := map[string]site{}
	for _, byAnalyzer := range tree {
		for _, diags := range byAnalyzer {
			for _, d := range diags {
				rel, err := filepath.Rel(dir, d.Posn)
				if err != nil {
					t.Fatal(err)
				}
				s := site{filepath.ToSlash(rel), d.Message, len(d.SuggestedFixes)}
				sites[s.pos] = s
			}
		}
	}
	return sites
}

// TestWrapped: on testdata/wrapped, golangci-lint reports exactly the
// CLI's sites, at the same line and column, with the CLI's message (after
// the "singleton: " golangci-lint puts in front of an analyzer's message
// when the analyzer is not named like the linter) and the same fixes; and
// --fix writes the CLI's goldens. The handlers see the chain only through
// the facts golangci-lint computes for api and deps.
func TestWrapped(t *testing.T) {
	t.Parallel()
	dir := e2etest.CopyModule(t, wrapped)

	want := cliSites(t, dir)
	fixed := 0
	for _, s := range want {
		if s.fixes > 0 {
			fixed++
		}
	}
	if len(want) != 19 || fixed != 11 {
		t.Fatalf("the CLI reports %d sites, %d with a fix; want 19, 11: %v", len(want), fixed, want)
	}

	code, stdout, stderr := lint(t, dir, "--max-same-issues=0", "--max-issues-per-linter=0",
		"--output.json.path", "stdout", "--show-stats=false", "./...")
	if code != 1 { // 1: issues found
		t.Fatalf("golangci-lint run exited %d, want 1:\n%s%s", code, stdout, stderr)
	}
	got := map[string]site{}
	for _, is := range issues(t, stdout) {
		s := site{fmt.Sprintf("%s:%d:%d", filepath.ToSlash(is.Pos.Filename), is.Pos.Line, is.Pos.Column), is.Text, len(is.SuggestedFixes)}
		if is.FromLinter != "factoryscope" {
			t.Errorf("%s: reported by %s, want factoryscope: %s", s.pos, is.FromLinter, s.message)
		}
		if _, dup := got[s.pos]; dup {
			t.Errorf("%s: reported twice", s.pos)
		}
		got[s.pos] = s
	}
	for _, pos := range slices.Sorted(maps.Keys(want)) {
		w, g := want[pos], got[pos]
		w.message = "singleton: " + w.message
		if g != w {
			t.Errorf("%s: golangci-lint reports\n\t%+v\nthe CLI\n\t%+v", pos, g, w)
		}
		delete(got, pos)
	}
	for pos, g := range got {
		t.Errorf("%s: golangci-lint reports a site the CLI does not: %s", pos, g.message)
	}

	code, stdout, stderr = lint(t, dir, "--max-same-issues=0", "--max-issues-per-linter=0", "--fix", "--show-stats=false", "./...")
	if code != 1 { // the sites without a request remain
		t.Fatalf("golangci-lint run --fix exited %d, want 1:\n%s%s", code, stdout, stderr)
	}
	if e2etest.CompareGoldens(t, wrapped, dir, false) == 0 {
		t.Errorf("no .golden files in %s", wrapped)
	}
}
