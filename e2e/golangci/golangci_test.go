package golangci_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

// root is the repository root, relative to this package.
var root = filepath.Join("..", "..")

// module is the end-to-end module: a singleton, its replacement, a
// user-context package and sites of every kind the plugin must handle.
var module = filepath.Join(root, "testdata", "golangci")

// finding is what a test checks of a golangci-lint issue.
type finding struct {
	File   string
	Line   int
	Linter string
	Fixes  int
}

// want are the findings in testdata/golangci: two sites in a file that
// lacks the userctx import, a user-context variable, a ctx parameter, and
// Warmup with nothing in scope (no fix). The //nolint:factoryscope line
// (jobs/jobs.go:29) is not reported.
var want = []finding{
	{"handlers/handlers.go", 15, "factoryscope", 1},
	{"handlers/handlers.go", 21, "factoryscope", 1},
	{"jobs/jobs.go", 13, "factoryscope", 1},
	{"jobs/jobs.go", 18, "factoryscope", 1},
	{"jobs/jobs.go", 24, "factoryscope", 0},
}

// unfixable is the one finding left after --fix.
var unfixable = want[4]

// configMessage is the rule's message in testdata/golangci/.golangci.yml:
// seeing it in a finding shows that the settings reached the analyzer.
const configMessage = "agents carry their user's state"

// gclBinary returns the custom golangci-lint; skipped with -short.
func gclBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds a custom golangci-lint; skipped with -short")
	}
	return e2etest.GolangciLint(t, root)
}

// lint runs `golangci-lint run` in dir with its own empty cache and returns
// its exit code, standard output and standard error.
func lint(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	// Each run has its own cache, so runs need not wait for one another.
	return golangciLint(t, dir, append([]string{"run", "--allow-parallel-runners"}, args...)...)
}

// golangciLint runs the custom golangci-lint in dir.
func golangciLint(t *testing.T, dir string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(gclBinary(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOLANGCI_LINT_CACHE="+t.TempDir(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod")
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		code = exit.ExitCode()
	default:
		t.Fatalf("golangci-lint: %v", err)
	}
	return code, out.String(), errOut.String()
}

// findings runs golangci-lint with JSON output in dir and returns what it
// reported.
func findings(t *testing.T, dir string) []finding {
	t.Helper()
	code, stdout, stderr := lint(t, dir, "--output.json.path", "stdout", "--show-stats=false", "./...")
	if code != 0 && code != 1 { // 1: issues found
		t.Fatalf("golangci-lint run exited %d:\n%s%s", code, stdout, stderr)
	}
	var got []finding
	for _, is := range issues(t, stdout) {
		got = append(got, finding{filepath.ToSlash(is.Pos.Filename), is.Pos.Line, is.FromLinter, len(is.SuggestedFixes)})
		if !strings.Contains(is.Text, configMessage) {
			t.Errorf("%s:%d: message %q lacks the configured %q", is.Pos.Filename, is.Pos.Line, is.Text, configMessage)
		}
	}
	return got
}

// issue is an issue in golangci-lint's JSON output.
type issue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
	SuggestedFixes []json.RawMessage
}

// issues decodes golangci-lint's JSON output.
func issues(t *testing.T, stdout string) []issue {
	t.Helper()
	var report struct{ Issues []issue }
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("golangci-lint JSON output: %v\n%s", err, stdout)
	}
	return report.Issues
}

func sameFindings(t *testing.T, got, want []finding) {
	t.Helper()
	cmp := func(a, b finding) int {
		if c := strings.Compare(a.File, b.File); c != 0 {
			return c
		}
		return a.Line - b.Line
	}
	slices.SortFunc(got, cmp)
	if !slices.Equal(got, want) {
		t.Errorf("golangci-lint reported\n\t%v\nwant\n\t%v", got, want)
	}
}

// TestFindings: every site is reported by the linter factoryscope with one
// fix, the site with nothing in scope without one, and nothing else.
func TestFindings(t *testing.T) {
	t.Parallel()
	dir := e2etest.CopyModule(t, module)
	sameFindings(t, findings(t, dir), want)
}

// TestFix: --fix rewrites the files into their goldens (one import added
// for two sites), the result builds, vets and passes its tests (which
// check that each agent now belongs to the request's user), and only the
// unfixable site is reported afterwards.
func TestFix(t *testing.T) {
	t.Parallel()
	dir := e2etest.CopyModule(t, module)
	code, stdout, stderr := lint(t, dir, "--fix", "./...")
	if code != 1 { // the unfixable site remains
		t.Fatalf("golangci-lint run --fix exited %d, want 1:\n%s%s", code, stdout, stderr)
	}
	if e2etest.CompareGoldens(t, module, dir, false) == 0 {
		t.Fatal("no .golden files in testdata/golangci")
	}
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}, {"test", "-count=1", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=-mod=mod")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Errorf("go %s in the fixed module: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	sameFindings(t, findings(t, dir), []finding{unfixable})
}

// TestBrokenSettings: a bad settings block stops golangci-lint with an
// error that names the field.
func TestBrokenSettings(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, old, new, field string }{
		{"malformed replacement",
			"replacement: example.com/domain/agents/supervisor.CreateAgentInstanceFactory",
			"replacement: CreateAgentInstanceFactory",
			`rules[0].replacement: "CreateAgentInstanceFactory"`},
		{"unknown key",
			"          constructors:",
			"          constructor:",
			"constructor: unknown field"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := e2etest.CopyModule(t, module)
			cfg := filepath.Join(dir, ".golangci.yml")
			data, err := os.ReadFile(cfg)
			if err != nil {
				t.Fatal(err)
			}
			broken := strings.Replace(string(data), tt.old, tt.new, 1)
			if broken == string(data) {
				t.Fatalf("%q not found in .golangci.yml", tt.old)
			}
			if err := os.WriteFile(cfg, []byte(broken), 0o644); err != nil {
				t.Fatal(err)
			}
			code, stdout, stderr := lint(t, dir, "./...")
			if code == 0 || code == 1 { // 1 would mean it linted
				t.Errorf("golangci-lint exited %d, want a configuration failure", code)
			}
			if !strings.Contains(stdout+stderr, tt.field) {
				t.Errorf("output does not name %s:\n%s%s", tt.field, stdout, stderr)
			}
		})
	}
}

// TestConfigs checks both golangci-lint configurations against the JSON
// schema built into golangci-lint: a misspelt key would otherwise be
// silently ignored.
func TestConfigs(t *testing.T) {
	t.Parallel()
	for _, file := range []string{filepath.Join(root, ".golangci.yml"), filepath.Join(module, ".golangci.yml")} {
		abs, err := filepath.Abs(file)
		if err != nil {
			t.Fatal(err)
		}
		if code, stdout, stderr := golangciLint(t, t.TempDir(), "config", "verify", "--config", abs); code != 0 {
			t.Errorf("golangci-lint config verify --config %s exited %d:\n%s%s", file, code, stdout, stderr)
		}
	}
}
