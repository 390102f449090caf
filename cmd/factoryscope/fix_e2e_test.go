package main_test

import (
	"go/format"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

// checkSummary checks what -fix or -diff printed on stderr: the summary
// line, then one line per site left ("file:line:col: message" with the
// reason), at the positions left ("file:line").
func checkSummary(t *testing.T, what, stderr, summary string, left []string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if lines[0] != summary {
		t.Errorf("%s: summary %q, want %q\n%s", what, lines[0], summary, stderr)
	}
	var got []string
	for _, l := range lines[1:] {
		file, rest, _ := strings.Cut(l, ":")
		line, rest, _ := strings.Cut(rest, ":")
		got = append(got, file+":"+line)
		if !strings.Contains(rest, "(no fix: ") && !strings.Contains(rest, "(not fixed: ") {
			t.Errorf("%s: site left without a reason: %q", what, l)
		}
	}
	equal(t, what+": sites left", got, left)
}

// checkPatch applies patch, made in dir, to a copy of dir with git apply
// and patch, which must take it without offset or fuzz, and give what
// -fix gives (the caller compares that with the golden files).
func checkPatch(t *testing.T, dir, patch string) {
	t.Helper()
	for _, tool := range []string{"git", "patch"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s: %v", tool, err)
		}
	}
	cp := filepath.Join(t.TempDir(), "copy")
	if err := os.CopyFS(cp, os.DirFS(dir)); err != nil {
		t.Fatal(err)
	}
	file := writeFile(t, filepath.Join(t.TempDir(), "fix.diff"), patch)
	for _, args := range [][]string{
		{"git", "init", "-q"},
		{"git", "apply", "--check", "-v", file},
		{"patch", "-p1", "--dry-run", "-i", file},
	} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = cp
		out, err := cmd.CombinedOutput()
		lower := strings.ToLower(string(out))
		if err != nil || strings.Contains(lower, "offset") || strings.Contains(lower, "fuzz") {
			t.Errorf("%s: %v\n%s\npatch:\n%s", strings.Join(args, " "), err, out, patch)
		}
	}
}

// grow is the module of TestIndirect... with three sites in one file, far
// enough apart for three hunks: each fix adds the imports of sup and uc,
// and after all three legacy's import is unused. The first hunk holds two
// changes (an import and a site), which x/tools' diff numbered wrongly.
func grow(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files := maps.Clone(indirect)
	filler := strings.Repeat("// filler\n", 12)
	files["app/app.go"] = `package app

import (
	"context"

	"example.com/m/legacy"
)

func A(ctx context.Context) string { return legacy.Get().Run() }

` + filler + `
func B(ctx context.Context) string { return legacy.Default.Run() }

` + filler + `
func C(ctx context.Context) string { return legacy.Get().Run() }
`
	for name, content := range files {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), content)
	}
	return dir
}

// TestFixEverything checks -fix when every site gets its fix: exit 0, the
// summary, each import added once, the import left unused removed, the
// file gofmt-clean; and that -diff, for a file that only grows, gives a
// patch that applies exactly.
func TestFixEverything(t *testing.T) {
	t.Parallel()
	dir := grow(t)

	r := e2etest.Run(t, dir, bin, "-diff", "./...")
	if r.Code != 0 || r.Stderr != "factoryscope: would fix 3 sites in 1 file\n" {
		t.Errorf("factoryscope -diff: exit %d, want 0 and the summary\n%s", r.Code, r.Stderr)
	}
	checkPatch(t, dir, r.Stdout)

	r = e2etest.Run(t, dir, bin, "-fix", "./...")
	if r.Code != 0 || r.Stderr != "factoryscope: fixed 3 sites in 1 file\n" {
		t.Errorf("factoryscope -fix: exit %d, want 0 and the summary\n%s", r.Code, r.Stderr)
	}
	data, err := os.ReadFile(filepath.Join(dir, "app/app.go"))
	if err != nil {
		t.Fatal(err)
	}
	fixed := string(data)
	for imp, want := range map[string]int{`"example.com/m/sup"`: 1, `"example.com/m/uc"`: 1, `"example.com/m/legacy"`: 0} {
		if got := strings.Count(fixed, imp); got != want {
			t.Errorf("app.go imports %s %d times, want %d:\n%s", imp, got, want, fixed)
		}
	}
	if formatted, err := format.Source(data); err != nil || string(formatted) != fixed {
		t.Errorf("app.go is not gofmt-clean (%v):\n%s", err, fixed)
	}
	e2etest.Must(t, dir, "go", "build", "./...")
	e2etest.Must(t, dir, "go", "vet", "./...")

	// Nothing left: a second -fix changes nothing.
	r = e2etest.Run(t, dir, bin, "-fix", "./...")
	if r.Code != 0 || r.Stderr != "factoryscope: fixed 0 sites in 0 files\n" {
		t.Errorf("second factoryscope -fix: exit %d, want 0\n%s", r.Code, r.Stderr)
	}
}

// TestFixJSON checks that -json keeps exit code 0 with -fix, even with
// sites left.
func TestFixJSON(t *testing.T) {
	t.Parallel()
	dir := demo(t)
	r := e2etest.Run(t, dir, bin, "-json", "-fix", "./cmd/...")
	if r.Code != 0 {
		t.Errorf("factoryscope -json -fix: exit %d, want 0\n%s", r.Code, r.Stderr)
	}
	checkSummary(t, "-json -fix", relativize(r.Stderr, dir), "factoryscope: fixed 0 sites in 0 files; 1 site not fixed:", afterFix)
}

// TestRuleWarning checks the warning for a rule whose singleton's package
// is not in the build (a typo), in the CLI and under go vet: one line per
// bad rule, naming the nearest package that is, and no change to the exit
// code or findings.
func TestRuleWarning(t *testing.T) {
	t.Parallel()
	dir := demo(t)
	const typo = "example.com/domain/agent/supervisor.GetAgentInstanceFactory"
	cfg := writeFile(t, filepath.Join(t.TempDir(), "typo.yml"), demoRule+
		"  - singleton: "+typo+"\n    replacement: example.com/domain/agent/supervisor.CreateAgentInstanceFactory\n")
	const warning = "factoryscope: warning: rule for " + typo + ": package example.com/domain/agent/supervisor is not in the analyzed build (did you mean example.com/domain/agents/supervisor?)"

	r := e2etest.Run(t, dir, bin, "-config", cfg, "./...")
	if r.Code != 3 || strings.Count(r.Stderr, "warning") != 1 || !strings.HasPrefix(r.Stderr, warning+"\n") {
		t.Errorf("factoryscope -config typo.yml: exit %d, want 3 and the warning first\n%s", r.Code, r.Stderr)
	}
	got, _ := vetFindings(relativize(r.Stderr, dir))
	equal(t, "findings with a bad rule", got, allFindings)

	r = e2etest.Run(t, dir, "go", "vet", "-vettool="+bin, "-config="+cfg, "./...")
	if n := strings.Count(r.Stderr, "warning"); n != 1 || !strings.Contains(r.Stderr, "\n"+warning+"\n") {
		t.Errorf("go vet -vettool -config=typo.yml: %d warnings, want the warning once\n%s", n, r.Stderr)
	}
	got, _ = vetFindings(r.Stderr)
	equal(t, "go vet findings with a bad rule", got, allFindings)
}
