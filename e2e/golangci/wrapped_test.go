package golangci_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
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
	build := exec.Command("go", "build", "-o", bin, "./cmd/factoryscope")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/factoryscope: %v\n%s", err, out)
	}
	cmd := exec.Command(bin, "-json", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod")
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("factoryscope -json ./...: %v\n%s", err, out)
	}
	var tree map[string]map[string][]struct {
		Posn, Message  string
		SuggestedFixes []json.RawMessage `json:"suggested_fixes"`
	}
	if err := json.Unmarshal(out, &tree); err != nil {
		t.Fatalf("factoryscope -json: %v\n%s", err, out)
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
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(wrapped)); err != nil {
		t.Fatal(err)
	}

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
	var report struct {
		Issues []struct {
			FromLinter string
			Text       string
			Pos        struct {
				Filename     string
				Line, Column int
			}
			SuggestedFixes []json.RawMessage
		}
	}
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("golangci-lint JSON output: %v\n%s", err, stdout)
	}
	got := map[string]site{}
	for _, is := range report.Issues {
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
	compareGoldensOf(t, dir, wrapped)
}

// compareGoldensOf checks every file of the fixed copy in dir of module: a
// file with a .golden next to it in module must equal it, every other file
// must be unchanged.
func compareGoldensOf(t *testing.T, dir, module string) {
	t.Helper()
	goldens := 0
	err := filepath.WalkDir(module, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".golden") {
			return err
		}
		rel, err := filepath.Rel(module, path)
		if err != nil {
			return err
		}
		want, err := os.ReadFile(path + ".golden")
		if errors.Is(err, fs.ErrNotExist) {
			want, err = os.ReadFile(path)
		} else {
			goldens++
		}
		if err != nil {
			return err
		}
		got, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s after --fix:\n%s\nwant:\n%s", rel, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if goldens == 0 {
		t.Errorf("no .golden files in %s", module)
	}
}
