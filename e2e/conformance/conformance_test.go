package conformance_test

import (
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

// repo is the repository root, relative to this package.
var repo = filepath.Join("..", "..")

// cliBin is the factoryscope binary TestMain builds: the CLI, the vet tool
// and the language server.
var cliBin string

func TestMain(m *testing.M) {
	flag.Parse()
	if testing.Short() {
		os.Exit(m.Run())
	}
	e2etest.MainWithCLI(m, repo, &cliBin)
}

func cgoEnabled(t *testing.T) bool {
	t.Helper()
	out, err := exec.Command("go", "env", "CGO_ENABLED").Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(string(out)) == "1"
}

// TestConformance runs every driver on every run of the table and checks,
// for every case, that each driver reports what the CLI reports: the same
// sites, each at the same position (start and end), with the same
// category and message, and with a fix that leaves its file (every file
// it edits) exactly as the CLI's fix does, or no fix as the CLI.
//
// What a driver cannot report by design, and how the test compares it:
//   - golangci-lint's issues have no category and no end, and their text
//     starts with the analyzer's name ("singleton: "): the test compares
//     the position, the message after that prefix and the fix.
//   - golangci-lint drops a site on a line with //nolint:factoryscope;
//     the other drivers, which do not read golangci-lint's directives,
//     report it. This is the one site golangci-lint may leave out.
//   - go vet gives each run of the tool only the facts and the export data
//     of the package's direct imports, and runs it without the configured
//     rules on packages outside the configuration's directory (the
//     standard library). The passes carry what a site needs from further
//     away in facts of the packages in between (see
//     passes/singleton/replfacts.go and derived.go), so that go vet's
//     findings are the CLI's; the cases here that reach a replacement or a
//     constructor only through another package, or wrap context.Background
//     (run indirect), are the test of that.
//   - In a file that imports "C" the analyzers see cmd/cgo's rewrite: every
//     driver reports at the place in the user's file and offers no fix
//     (case cgouse).
//   - The language server analyses a package and its test variant
//     separately and publishes each file from one of them; the other
//     drivers report a site in a package's file from both, which the test
//     counts once (and twice if they differ).
func TestConformance(t *testing.T) {
	if testing.Short() {
		t.Skip("runs four drivers on every case; skipped with -short")
	}
	root, err := filepath.Abs(repo)
	if err != nil {
		t.Fatal(err)
	}
	cgo := cgoEnabled(t)
	cases := 0
	for _, r := range runs {
		cases += len(r.cases(cgo))
	}
	t.Logf("conformance table: %d cases x %d drivers", cases, len(drivers))
	var sites, fixes atomic.Int64
	t.Cleanup(func() { // after the parallel runs
		t.Logf("compared %d sites of the reference, %d of them with a fix, with each of the other drivers", sites.Load(), fixes.Load())
	})
	for _, r := range runs {
		t.Run(r.name, func(t *testing.T) {
			t.Parallel()
			w := materialise(t, root, r, cgo)
			// Each driver in a subtest of its own: one that fails leaves
			// the others to be compared.
			results := make([][]record, len(drivers))
			ran := make([]bool, len(drivers))
			for i, d := range drivers {
				t.Run(d.name, func(t *testing.T) {
					start := time.Now()
					results[i] = d.run(t, w)
					ran[i] = true
					t.Logf("%d findings in %v", len(results[i]), time.Since(start).Round(time.Millisecond))
				})
			}
			if !ran[0] {
				t.Fatalf("no reference: %s failed", drivers[0].name)
			}
			check(t, w, r.cases(cgo), results, ran)
			for _, rec := range results[0] {
				sites.Add(1)
				if rec.Fix != "" {
					fixes.Add(1)
				}
			}
		})
	}
}

// check compares, case by case, each driver's records with the
// reference's.
func check(t *testing.T, w *workspace, cases []string, results [][]record, ran []bool) {
	t.Helper()
	byCase := make([]map[string][]record, len(drivers))
	for i, rs := range results {
		byCase[i] = map[string][]record{}
		for _, r := range rs {
			c, ok := w.caseOf[fileOf(r.Pos)]
			if !ok {
				t.Errorf("%s: a finding outside the run's packages: %s", drivers[i].name, r)
				continue
			}
			byCase[i][c] = append(byCase[i][c], r)
		}
	}
	for _, c := range cases {
		t.Run(c, func(t *testing.T) {
			ref := byCase[0][c]
			for i, d := range drivers[1:] {
				if !ran[i+1] {
					continue // its own subtest failed
				}
				var want []record
				for _, r := range ref {
					if d.name == "golangci-lint" && hasNolint(w.root, r.Pos) {
						continue
					}
					if d.lacks != nil {
						r = d.lacks(r)
					}
					want = append(want, r)
				}
				if diff := diffRecords(unique(want), byCase[i+1][c]); diff != "" {
					t.Errorf("%s and %s disagree (-%s +%s):\n%s", drivers[0].name, d.name, drivers[0].name, d.name, diff)
				}
			}
		})
	}
}

// diffRecords describes how got differs from want, both sorted; "" if
// they are equal. A site both have with a different fix shows where the
// fixed files part.
func diffRecords(want, got []record) string {
	var missing, extra []record
	for _, r := range want {
		if !slices.Contains(got, r) {
			missing = append(missing, r)
		}
	}
	for _, r := range got {
		if !slices.Contains(want, r) {
			extra = append(extra, r)
		}
	}
	var b strings.Builder
	for _, m := range missing {
		i := slices.IndexFunc(extra, func(e record) bool {
			return e.Pos == m.Pos && e.End == m.End && e.Category == m.Category && e.Message == m.Message
		})
		if i < 0 {
			fmt.Fprintf(&b, "-\t%s\n", m)
			continue
		}
		fmt.Fprintf(&b, "\t%s: the fixes differ: %s\n", m.Pos, firstDifference(m.Fix, extra[i].Fix))
		extra = slices.Delete(extra, i, i+1)
	}
	for _, e := range extra {
		fmt.Fprintf(&b, "+\t%s\n", e)
	}
	return b.String()
}

// TestTableCoversTestdata checks that the table has every package under
// passes/*/testdata/src as a case of exactly one run, and every module
// under testdata/ as a run.
func TestTableCoversTestdata(t *testing.T) {
	trees, err := filepath.Glob(filepath.Join(repo, "passes", "*", "testdata", "src"))
	if err != nil || len(trees) == 0 {
		t.Fatalf("no analysistest trees under passes/: %v", err)
	}
	inTable := map[string]string{} // tree/pkg or module -> run
	for _, r := range runs {
		for _, c := range r.cases(true) {
			key := filepath.ToSlash(filepath.Join(r.tree, c))
			if prev, dup := inTable[key]; dup {
				t.Errorf("%s is a case of both %s and %s", key, prev, r.name)
			}
			inTable[key] = r.name
		}
	}
	var found []string
	for _, tree := range trees {
		err := filepath.WalkDir(tree, func(path string, d fs.DirEntry, err error) error {
			if err == nil && !d.IsDir() && strings.HasSuffix(path, ".go") {
				found = append(found, filepath.ToSlash(filepath.Dir(path)))
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	err = filepath.WalkDir(filepath.Join(repo, "testdata"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && d.Name() == "go.mod" {
			found = append(found, filepath.ToSlash(filepath.Dir(path)))
		}
		return err
	})
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		t.Fatal(err)
	}
	prefix := filepath.ToSlash(repo) + "/"
	for _, dir := range slices.Compact(slices.Sorted(slices.Values(found))) {
		key := strings.TrimPrefix(dir, prefix)
		if _, ok := inTable[key]; !ok {
			t.Errorf("%s is not a case of the conformance table (cases_test.go)", key)
		}
		delete(inTable, key)
	}
	for key, r := range inTable {
		t.Errorf("run %s: case %s does not exist", r, key)
	}
}
