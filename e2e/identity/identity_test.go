package identity_test

import (
	"bytes"
	"errors"
	"flag"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
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

type result struct {
	code           int
	stdout, stderr string
}

// run runs name with args in dir, in an environment that ignores any
// go.work, toolchain switch or GOFLAGS of the caller.
func run(t *testing.T, dir, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOTOOLCHAIN=local", "GOFLAGS=")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	return result{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}
}

// must runs a command that has to succeed.
func must(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	if r := run(t, dir, name, args...); r.code != 0 {
		t.Fatalf("%s %s in %s: exit %d\n%s%s", name, strings.Join(args, " "), dir, r.code, r.stdout, r.stderr)
	}
}

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
	dir := filepath.Join(t.TempDir(), "identity")
	if err := os.CopyFS(dir, os.DirFS(module)); err != nil {
		t.Fatal(err)
	}

	t.Run("before", func(t *testing.T) {
		t.Run("build factoryscope", func(t *testing.T) {
			t.Parallel()
			must(t, root, "go", "build", "-o", bin, "./cmd/factoryscope")
		})
		// The module builds and vets, and its tests fail on what the fix
		// is for, not on a build error or a panic.
		t.Run("tests fail", func(t *testing.T) {
			t.Parallel()
			must(t, dir, "go", "vet", "./...")
			r := run(t, dir, "go", "test", "-count=1", "./...")
			out := r.stdout + r.stderr
			if r.code == 0 || !strings.Contains(out, "--- FAIL: TestIsolation") ||
				strings.Contains(out, "build failed") || strings.Contains(out, "setup failed") || strings.Contains(out, "panic:") {
				t.Errorf("go test before -fix: exit %d, want a failure of TestIsolation and no build failure or panic\n%s", r.code, out)
			}
		})
	})
	if t.Failed() {
		return
	}

	// The directives are the only rules: no configuration.
	r := run(t, dir, bin, "-fix", "./...")
	if r.code != 0 && r.code != 3 { // 3: sites left without a fix
		t.Fatalf("factoryscope -fix: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	compareGoldens(t, dir)

	t.Run("after", func(t *testing.T) {
		t.Run("build, vet, test", func(t *testing.T) {
			t.Parallel()
			must(t, dir, "go", "build", "./...")
			must(t, dir, "go", "vet", "./...")
			must(t, dir, "go", "test", "-count=1", "./...")
		})
		t.Run("left unfixed", func(t *testing.T) {
			t.Parallel()
			r := run(t, dir, bin, "./...")
			var left []string
			for line := range strings.Lines(r.stderr) {
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
			if r.code != 3 || !slices.Equal(left, afterFix) {
				t.Errorf("factoryscope ./... after -fix: exit %d, findings %q; want exit 3, %q\n%s", r.code, left, afterFix, r.stderr)
			}
		})
	})
}

// compareGoldens checks every file of the fixed copy in dir: a file with a
// .golden next to it in testdata/identity must equal it, every other file
// must be unchanged. With -update it writes the goldens instead.
func compareGoldens(t *testing.T, dir string) {
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
		before, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		got, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			return err
		}
		golden := path + ".golden"
		if *update {
			if bytes.Equal(got, before) {
				if err := os.Remove(golden); err != nil && !errors.Is(err, fs.ErrNotExist) {
					return err
				}
				return nil
			}
			goldens++
			return os.WriteFile(golden, got, 0o644)
		}
		want, err := os.ReadFile(golden)
		switch {
		case errors.Is(err, fs.ErrNotExist):
			want = before
		case err != nil:
			return err
		default:
			goldens++
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s after -fix differs from %s (check the output, then go test -update to accept):\n%s", rel, golden, got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if goldens == 0 {
		t.Error("no .golden files in testdata/identity")
	}
}
