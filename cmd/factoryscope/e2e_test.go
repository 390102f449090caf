package main_test

// End-to-end tests: they build the real binary and run it, and go vet with
// it, on copies of the demo module in testdata/demo.

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

var update = flag.Bool("update", false, "rewrite testdata/demo.fixed from the output of -fix")

// bin is the factoryscope binary built by TestMain.
var bin string

func TestMain(m *testing.M) {
	e2etest.MainWithCLI(m, "../..", &bin)
}

// Findings in the demo, as "file:line" relative to the module root. Each
// line is one site of testdata/demo; see the comments there.
var (
	allFindings = []string{
		"api/api.go:37",                       // handler: r.Context()
		"api/api.go:51",                       // goroutine in a handler
		"api/api.go:62",                       // directive-declared var singleton
		"audit/audit.go:14",                   // *userctx.UserContext parameter
		"cmd/demo/main.go:19",                 // main: nothing in reach, no fix
		"services/billing/billing.go:26",      // ctx parameter; import added
		"services/billing/billing_test.go:22", // t.Context(); import added
	}
	// directiveOnly is what remains without configuration: the rule in
	// .golangci.yml is gone, the source directive is not.
	directiveOnly = []string{"api/api.go:62"}
	// afterFix is what -fix cannot fix.
	afterFix = []string{"cmd/demo/main.go:19"}
)

// demo copies testdata/demo into a fresh directory and returns it.
func demo(t *testing.T) string {
	t.Helper()
	return e2etest.CopyModule(t, "../../testdata/demo")
}

// findings runs factoryscope -json and returns the positions it reports,
// as sorted, de-duplicated "file:line" relative to dir (a package and its
// test variant report the same site twice).
func findings(t *testing.T, dir string, args ...string) []string {
	t.Helper()
	r := e2etest.Run(t, dir, bin, append([]string{"-json"}, args...)...)
	if r.Code != 0 {
		t.Fatalf("factoryscope -json: exit %d\n%s", r.Code, r.Stderr)
	}
	var tree map[string]map[string]json.RawMessage // package -> analyzer -> diagnostics or error
	if err := json.Unmarshal([]byte(r.Stdout), &tree); err != nil {
		t.Fatalf("factoryscope -json: %v\n%s", err, r.Stdout)
	}
	var got []string
	for pkg, byAnalyzer := range tree {
		for name, raw := range byAnalyzer {
			var diags []struct{ Posn string }
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Fatalf("%s: %s: not a list of diagnostics: %s", pkg, name, raw)
			}
			for _, d := range diags {
				got = append(got, relPos(t, dir, d.Posn))
			}
		}
	}
	slices.Sort(got)
	return slices.Compact(got)
}

// relPos turns "/abs/file.go:12:3" into "file.go:12" relative to dir.
func relPos(t *testing.T, dir, posn string) string {
	t.Helper()
	file, rest, _ := strings.Cut(posn, ".go:")
	line, _, _ := strings.Cut(rest, ":")
	rel, err := filepath.Rel(dir, file+".go")
	if err != nil {
		t.Fatal(err)
	}
	return filepath.ToSlash(rel) + ":" + line
}

func equal(t *testing.T, what string, got, want []string) {
	t.Helper()
	want = slices.Sorted(slices.Values(want))
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

// TestFix is the product in one test: -fix migrates the demo, the result
// builds, vets and passes its tests, and only the unfixable site is left.
func TestFix(t *testing.T) {
	t.Parallel()
	dir := demo(t)
	equal(t, "findings before -fix", findings(t, dir, "./..."), allFindings)

	// -diff shows the fixes and changes nothing; what it would leave
	// makes it exit 3, as -fix does. The diff applies exactly.
	r := e2etest.Run(t, dir, bin, "-diff", "./...")
	if r.Code != 3 || !strings.Contains(r.Stdout, "+\ta := supervisor.CreateAgentInstanceFactory(userctx.FromContext(ctx)).Agent(agent)") {
		t.Errorf("factoryscope -diff: exit %d, want 3 and a diff\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	checkSummary(t, "-diff", relativize(r.Stderr, dir), "factoryscope: would fix 6 sites in 4 files; 1 site not fixed:", afterFix)
	compareTree(t, dir, "") // -diff wrote nothing
	checkPatch(t, dir, r.Stdout)

	// -fix says what it did and what it left, and exits 3 for what it left.
	r = e2etest.Run(t, dir, bin, "-fix", "./...")
	if r.Code != 3 {
		t.Errorf("factoryscope -fix: exit %d, want 3 (a site left)\n%s", r.Code, r.Stderr)
	}
	checkSummary(t, "-fix", relativize(r.Stderr, dir), "factoryscope: fixed 6 sites in 4 files; 1 site not fixed:", afterFix)
	compareTree(t, dir, "testdata/demo.fixed")
	e2etest.Must(t, dir, "go", "build", "./...")
	e2etest.Must(t, dir, "go", "vet", "./...")
	e2etest.Must(t, dir, "go", "test", "./...")

	// What remains, in plain output: one line per finding on stderr, exit 3.
	r = e2etest.Run(t, dir, bin, "./...")
	var got []string
	for line := range strings.Lines(relativize(r.Stderr, dir)) {
		pos, _, _ := strings.Cut(line, ": ")
		file, line, _ := strings.Cut(pos, ":")
		line, _, _ = strings.Cut(line, ":")
		got = append(got, file+":"+line)
	}
	if r.Code != 3 {
		t.Errorf("factoryscope ./... after -fix: exit %d, want 3", r.Code)
	}
	equal(t, "findings after -fix", got, afterFix)
	// A package without findings: exit 0, no output.
	if r := e2etest.Run(t, dir, bin, "./audit"); r.Code != 0 || r.Stderr != "" {
		t.Errorf("factoryscope ./audit after -fix: exit %d, want 0\n%s", r.Code, r.Stderr)
	}
}

// compareTree compares the demo copy in dir with golden files: a file
// with a golden copy (rel+".golden" under fixed) must equal it, every other
// file must equal the original. With fixed == "" nothing may change.
func compareTree(t *testing.T, dir, fixed string) {
	t.Helper()
	const orig = "../../testdata/demo"
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		got, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		before, err := os.ReadFile(filepath.Join(orig, rel))
		if err != nil {
			return err
		}
		golden := filepath.Join(fixed, rel+".golden")
		if fixed == "" {
			golden = filepath.Join(orig, rel)
		} else if *update {
			if bytes.Equal(got, before) {
				if err := os.Remove(golden); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				return nil
			}
			if err := os.MkdirAll(filepath.Dir(golden), 0o755); err != nil {
				return err
			}
			return os.WriteFile(golden, got, 0o644)
		}
		want, err := os.ReadFile(golden)
		if errors.Is(err, fs.ErrNotExist) {
			want, err = before, nil
		}
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s after -fix differs from %s (run go test -run TestFix -update to accept):\n%s", rel, golden, got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
