package migration_test

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/internal/e2etest"
	"github.com/factoryscope/factoryscope/internal/inventory"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ from factoryscope report's output")

var (
	root   = filepath.Join("..", "..")                    // the repository, relative to this package
	module = filepath.Join(root, "testdata", "migration") // the module the tests run on
	bin    string                                         // the factoryscope binary TestMain builds
)

func TestMain(m *testing.M) {
	e2etest.MainWithCLI(m, root, &bin)
}

// expect runs a command that must exit with code.
func expect(t *testing.T, code int, dir, name string, args ...string) e2etest.Result {
	t.Helper()
	r := e2etest.Run(t, dir, name, args...)
	if r.Code != code {
		t.Fatalf("%s %s in %s: exit %d, want %d\n%s%s", filepath.Base(name), strings.Join(args, " "), dir, r.Code, code, r.Stdout, r.Stderr)
	}
	return r
}

// checkModule builds, vets and tests the module in dir.
func checkModule(t *testing.T, dir string) {
	t.Helper()
	expect(t, 0, dir, "go", "build", "./...")
	expect(t, 0, dir, "go", "vet", "./...")
	expect(t, 0, dir, "go", "test", "-count=1", "./...")
}

// golden compares got with testdata/name, or writes it there with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("%s differs from the output (go test ./e2e/migration -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}

// decode reads a JSON report.
func decode(t *testing.T, out string) *inventory.Report {
	t.Helper()
	r, err := inventory.Decode([]byte(out))
	if err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	return r
}

// TestReportGolden: the three formats of the inventory of
// testdata/migration, which still has every site; exit 3 for them.
func TestReportGolden(t *testing.T) {
	if testing.Short() {
		t.Skip("runs factoryscope on a module")
	}
	for _, f := range []struct{ format, golden string }{
		{"text", "report.txt"},
		{"json", "report.json"},
		{"markdown", "report.md"},
	} {
		t.Run(f.format, func(t *testing.T) {
			t.Parallel()
			r := expect(t, 3, module, bin, "report", "-format", f.format, "./...")
			if r.Stderr != "" {
				t.Errorf("stderr: %s", r.Stderr)
			}
			golden(t, f.golden, r.Stdout)
		})
	}
	// What the golden files must show: the three phases with sites, five
	// reasons, wrappers and a holder.
	rep := decode(t, expect(t, 3, module, bin, "report", "-format", "json", "./...").Stdout)
	for _, pc := range rep.ByPhase {
		if pc.Sites == 0 {
			t.Errorf("phase %s has no site", pc.Phase)
		}
	}
	var reasons []string
	for _, g := range rep.Manual {
		reasons = append(reasons, g.Reason)
	}
	slices.Sort(reasons)
	if want := []string{"initializer", "main", "nothing-in-scope", "value", "wrapper"}; !slices.Equal(reasons, want) {
		t.Errorf("manual reasons %q, want %q", reasons, want)
	}
	var kinds []string
	for _, w := range rep.Wrappers {
		kinds = append(kinds, w.Name+" "+w.Kind)
	}
	if want := []string{"main.factory holder", "testutil.Agents wrapper", "testutil.Seeded wrapper"}; !slices.Equal(kinds, want) {
		t.Errorf("wrappers %q, want %q", kinds, want)
	}
}

// phaseSites returns the number of sites of each phase of a report.
func phaseSites(r *inventory.Report) map[string]int {
	m := make(map[string]int)
	for _, pc := range r.ByPhase {
		m[pc.Phase] = pc.Sites
	}
	return m
}

// TestBaselineWorkflow walks the migration of docs/migration.md on a copy
// of testdata/migration.
func TestBaselineWorkflow(t *testing.T) {
	if testing.Short() {
		t.Skip("runs factoryscope, go build, go vet and go test on a module several times")
	}
	dir := e2etest.CopyModule(t, module)
	work := filepath.Dir(dir)
	const baseline = "../baseline.json"

	// 1. The baseline, saved as JSON: sites remain, so exit 3.
	r := expect(t, 3, dir, bin, "report", "-format", "json", "./...")
	if err := os.WriteFile(filepath.Join(work, "baseline.json"), []byte(r.Stdout), 0o644); err != nil {
		t.Fatal(err)
	}
	before := phaseSites(decode(t, r.Stdout))
	if before["production"] == 0 || before["tests"] == 0 || before["examples"] == 0 {
		t.Fatalf("baseline sites by phase %v: want sites in every phase", before)
	}

	// 2. Production first: every production site has a fix, and only
	// production files change.
	r = expect(t, 0, dir, bin, "-phase", "production", "-fix", "./...")
	if want := fmt.Sprintf("factoryscope: fixed %d sites in 2 files\n", before["production"]); r.Stderr != want {
		t.Errorf("-phase production -fix said %q, want %q", r.Stderr, want)
	}
	changed := changedFiles(t, dir)
	if want := []string{"api/handlers.go", "jobs/jobs.go"}; !slices.Equal(changed, want) {
		t.Errorf("-phase production -fix changed %q, want %q", changed, want)
	}
	checkModule(t, dir)

	// Unrelated edits move the sites of the other phases: not new.
	prepend(t, filepath.Join(dir, "jobs", "jobs_test.go"), "package jobs_test\n", "\n// The nightly job's tests.\n")
	prepend(t, filepath.Join(dir, "examples", "quickstart", "main.go"), "package main\n", "\n// Moved.\n\n")

	// 3. The gate: production at 0, tests and examples unchanged, nothing
	// new, so exit 0 although sites remain.
	r = expect(t, 0, dir, bin, "report", "-baseline", baseline, "-format", "json", "./...")
	rep := decode(t, r.Stdout)
	if len(rep.Progress.New) != 0 {
		t.Errorf("new sites after -phase production -fix: %+v", rep.Progress.New)
	}
	for _, pp := range rep.Progress.Phases {
		want := inventory.Change{Before: before[pp.Phase], After: before[pp.Phase]}
		if pp.Phase == "production" {
			want.After = 0
		}
		if pp.Sites != want {
			t.Errorf("phase %s: sites %+v, want %+v", pp.Phase, pp.Sites, want)
		}
	}
	golden(t, "progress.txt", expect(t, 0, dir, bin, "report", "-baseline", baseline, "./...").Stdout)
	golden(t, "progress.md", expect(t, 0, dir, bin, "report", "-baseline", baseline, "-format", "markdown", "./...").Stdout)

	// 4. A new use in a production file fails the gate, named.
	appendTo(t, filepath.Join(dir, "api", "handlers.go"), `
// Reset unregisters every tool: a new use of the singleton.
func Reset(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, agents.Shared().Tools())
}
`)
	r = expect(t, 3, dir, bin, "report", "-baseline", baseline, "./...")
	const named = "api/handlers.go:37:18: agents.Shared is a process-wide singleton shared by all requests; call agents.ForUser with session.FromContext(r.Context()) instead"
	if !strings.Contains(r.Stdout, "1 new site:\n  "+named+"\n") {
		t.Errorf("report -baseline does not name the new site %q:\n%s", named, r.Stdout)
	}
	rep = decode(t, expect(t, 3, dir, bin, "report", "-baseline", baseline, "-format", "json", "./...").Stdout)
	if n := rep.Progress.New; len(n) != 1 || n[0].File != "api/handlers.go" || n[0].Func != "Reset" || n[0].Phase != "production" {
		t.Errorf("new sites %+v, want one in api/handlers.go, func Reset", n)
	}

	// 5. Everything else: -fix fixes what it can (exit 3 for the sites
	// left), the module still builds and passes; then the sites that need
	// a person are removed, and report exits 0.
	r = expect(t, 3, dir, bin, "-fix", "./...")
	if !strings.HasPrefix(r.Stderr, "factoryscope: fixed 4 sites in 4 files; 10 sites not fixed:\n") {
		t.Errorf("-fix said:\n%s", r.Stderr)
	}
	checkModule(t, dir)
	for _, rm := range []string{"agents/example_test.go", "api/fixtures_test.go", "jobs/seeded_test.go", "testutil", "examples/quickstart", "scripts"} {
		if err := os.RemoveAll(filepath.Join(dir, rm)); err != nil {
			t.Fatal(err)
		}
	}
	checkModule(t, dir)
	r = expect(t, 0, dir, bin, "report", "./...")
	if !strings.HasPrefix(r.Stdout, "factoryscope report: no site uses a process-wide singleton\n") {
		t.Errorf("report at the end:\n%s", r.Stdout)
	}
	rep = decode(t, expect(t, 0, dir, bin, "report", "-baseline", baseline, "-format", "json", "./...").Stdout)
	if rep.Progress.Total.Sites.After != 0 || len(rep.Progress.New) != 0 {
		t.Errorf("progress at the end: %+v", rep.Progress)
	}
}

// changedFiles returns the files of the copy in dir that differ from
// testdata/migration, sorted.
func changedFiles(t *testing.T, dir string) []string {
	t.Helper()
	var changed []string
	err := filepath.WalkDir(module, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(module, path)
		a, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		b, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(a, b) {
			changed = append(changed, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return changed
}

// prepend inserts text after the first occurrence of after in the file.
func prepend(t *testing.T, path, after, text string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	s := string(data)
	i := strings.Index(s, after)
	if i < 0 {
		t.Fatalf("%s has no %q", path, after)
	}
	i += len(after)
	if err := os.WriteFile(path, []byte(s[:i]+text+s[i:]), 0o644); err != nil {
		t.Fatal(err)
	}
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, append(data, text...), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestPhaseFlag: -phase on the ordinary run reports and fixes only the
// files of the phases named; an unknown phase is a usage error that lists
// the known ones.
func TestPhaseFlag(t *testing.T) {
	if testing.Short() {
		t.Skip("runs factoryscope on a module")
	}
	t.Run("unknown", func(t *testing.T) {
		t.Parallel()
		const want = "unknown phase (known: production, examples, tests)\n"
		r := expect(t, 2, module, bin, "-phase", "production", "-phase", "exampels", "-fix", "./...")
		if r.Stderr != "factoryscope: -phase exampels: "+want {
			t.Errorf("stderr %q, want the known phases", r.Stderr)
		}
		r = expect(t, 2, module, bin, "report", "-phase", "test", "./...")
		if r.Stderr != "factoryscope report: -phase test: "+want {
			t.Errorf("report: stderr %q, want the known phases", r.Stderr)
		}
	})
	t.Run("tests", func(t *testing.T) {
		t.Parallel()
		r := expect(t, 3, module, bin, "-phase", "tests", "./...")
		abs, err := filepath.Abs(module)
		if err != nil {
			t.Fatal(err)
		}
		var files []string
		for line := range strings.Lines(r.Stderr) {
			file, _, ok := strings.Cut(line, ".go:")
			rel, err := filepath.Rel(abs, file+".go")
			if !ok || err != nil {
				t.Fatalf("not a finding: %q", line)
			}
			files = append(files, filepath.ToSlash(rel))
		}
		slices.Sort(files)
		want := []string{"api/fixtures_test.go", "api/handlers_test.go", "jobs/jobs_test.go", "jobs/seeded_test.go", "testutil/testutil.go", "testutil/testutil.go"}
		if !slices.Equal(files, want) {
			t.Errorf("-phase tests reported in %q, want %q", files, want)
		}
	})
	t.Run("examples -diff", func(t *testing.T) {
		t.Parallel()
		r := expect(t, 3, module, bin, "-phase", "examples", "-diff", "./...")
		var diffed []string
		for line := range strings.Lines(r.Stdout) {
			if name, ok := strings.CutPrefix(line, "+++ b/"); ok {
				diffed = append(diffed, strings.TrimSpace(name))
			}
		}
		if !slices.Equal(diffed, []string{"examples/server/main.go"}) {
			t.Errorf("-phase examples -diff changes %q, want examples/server/main.go alone", diffed)
		}
		if !strings.HasPrefix(r.Stderr, "factoryscope: would fix 1 site in 1 file; 6 sites not fixed:\n") {
			t.Errorf("-phase examples -diff said:\n%s", r.Stderr)
		}
	})
}
