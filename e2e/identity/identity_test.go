package identity_test

import (
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata/identity from the output of -fix")

var (
	// root is the repository root, relative to this package.
	root = filepath.Join("..", "..")
	// module is the end-to-end module.
	module = filepath.Join(root, "testdata", "identity")
)

// afterFix is what -fix leaves: the site in func main, where no request is
// in reach.
var afterFix = []string{"cmd/server/main.go:25"}

// TestFix: the module's tests fail before -fix because every handler
// reaches the one process-wide factory; -fix rewrites the files into their
// goldens (the caller's constructor, not the service account's; the
// request's context, not a detached one nor a nil named result; one
// factory per handler, shared with its goroutine; the test's own user in
// the test), and afterwards the module builds, vets and passes its tests,
// and only the site in main is left. Steps that do not depend on each
// other run in parallel subtests.
func TestFix(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "factoryscope")
	dir := e2etest.CopyModule(t, module)

	t.Run("before", func(t *testing.T) {
		t.Run("build factoryscope", func(t *testing.T) {
			t.Parallel()
			e2etest.Must(t, root, "go", "build", "-o", bin, "./cmd/factoryscope")
		})
		// The module builds and vets, and its tests fail on what the fix
		// is for, not on a build error or a panic.
		t.Run("tests fail", func(t *testing.T) {
			t.Parallel()
			e2etest.Must(t, dir, "go", "vet", "./...")
			r := e2etest.Run(t, dir, "go", "test", "-count=1", "./...")
			out := r.Stdout + r.Stderr
			if r.Code == 0 || !strings.Contains(out, "--- FAIL: TestIsolation") ||
				strings.Contains(out, "build failed") || strings.Contains(out, "setup failed") || strings.Contains(out, "panic:") {
				t.Errorf("go test before -fix: exit %d, want a failure of TestIsolation and no build failure or panic\n%s", r.Code, out)
			}
		})
	})
	if t.Failed() {
		return
	}

	// The directives are the only rules: no configuration.
	r := e2etest.Run(t, dir, bin, "-fix", "./...")
	if r.Code != 0 && r.Code != 3 { // 3: sites left without a fix
		t.Fatalf("factoryscope -fix: exit %d\n%s%s", r.Code, r.Stdout, r.Stderr)
	}
	if e2etest.CompareGoldens(t, module, dir, *update) == 0 {
		t.Error("no .golden files in testdata/identity")
	}

	t.Run("after", func(t *testing.T) {
		t.Run("build, vet, test", func(t *testing.T) {
			t.Parallel()
			e2etest.Must(t, dir, "go", "build", "./...")
			e2etest.Must(t, dir, "go", "vet", "./...")
			e2etest.Must(t, dir, "go", "test", "-count=1", "./...")
		})
		t.Run("left unfixed", func(t *testing.T) {
			t.Parallel()
			r := e2etest.Run(t, dir, bin, "./...")
			var left []string
			for line := range strings.Lines(r.Stderr) {
				pos, msg, ok := strings.Cut(line, ": ")
				if !ok || !strings.Contains(pos, ".go:") {
					continue // a note such as "no rules configured"
				}
				file, rest, _ := strings.Cut(pos, ".go:")
				rel, err := filepath.Rel(dir, file+".go")
				if err != nil {
					t.Fatal(err)
				}
				n, _, _ := strings.Cut(rest, ":")
				left = append(left, filepath.ToSlash(rel)+":"+n)
				if !strings.Contains(msg, "no fix") {
					t.Errorf("after -fix, %s is reported with a fix: %s", pos, msg)
				}
			}
			if r.Code != 3 || !slices.Equal(left, afterFix) {
				t.Errorf("factoryscope ./... after -fix: exit %d, findings %q; want exit 3, %q\n%s", r.Code, left, afterFix, r.Stderr)
			}
		})
	})
}
