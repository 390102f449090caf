// Package e2etest holds the helpers for the end-to-end tests: running a
// command in a clean environment, building the factoryscope binary,
// copying a module from testdata (with the local modules its go.mod
// replaces others with) and comparing a fixed copy with its .golden files.
package e2etest

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// Result is how a command ended.
type Result struct {
	Code           int
	Stdout, Stderr string
}

// Run runs name with args in dir, in an environment that ignores any
// go.work, toolchain switch or GOFLAGS of the caller.
func Run(t *testing.T, dir, name string, args ...string) Result {
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
	return Result{cmd.ProcessState.ExitCode(), stdout.String(), stderr.String()}
}

// Must runs a command that has to succeed.
func Must(t *testing.T, dir, name string, args ...string) {
	t.Helper()
	if r := Run(t, dir, name, args...); r.Code != 0 {
		t.Fatalf("%s %s in %s: exit %d\n%s%s", name, strings.Join(args, " "), dir, r.Code, r.Stdout, r.Stderr)
	}
}

// MainWithCLI is the whole of a TestMain: it builds the factoryscope
// command of the repository at root, with the caller's environment, into
// a temporary directory, sets *bin to it, runs the tests and exits.
func MainWithCLI(m *testing.M, root string, bin *string) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "factoryscope-e2e")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	*bin = filepath.Join(dir, "factoryscope")
	cmd := exec.Command("go", "build", "-o", *bin, "./cmd/factoryscope")
	cmd.Dir = root
	if out, err := cmd.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building factoryscope: %v\n%s", err, out)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// CopyModule copies the module in src to a fresh directory named like it
// and returns that directory. Like CopyModuleTo, it also copies the local
// modules the go.mod replaces others with (testdata/domain).
func CopyModule(t *testing.T, src string) string {
	t.Helper()
	dir := filepath.Join(t.TempDir(), filepath.Base(src))
	CopyModuleTo(t, src, dir)
	return dir
}

// CopyModuleTo copies the module in src to dst, which must not exist, and
// every directory its go.mod replaces a module with (`replace
// example.com/domain => ../domain`) to the same place relative to dst, so
// that the copy builds as the original does. A replacement outside dst's
// parent directory is an error: the copy would write outside the test's
// directory.
func CopyModuleTo(t *testing.T, src, dst string) {
	t.Helper()
	if err := copyModule(src, dst); err != nil {
		t.Fatal(err)
	}
}

func copyModule(src, dst string) error {
	if err := os.CopyFS(dst, os.DirFS(src)); err != nil {
		return err
	}
	gomod, err := os.ReadFile(filepath.Join(src, "go.mod"))
	if err != nil {
		return err
	}
	parent := filepath.Dir(dst)
	for _, rel := range LocalReplacements(gomod) {
		to := filepath.Join(dst, rel)
		if _, err := os.Stat(to); err == nil {
			continue // inside the module, or replaced twice: already copied
		}
		if r, err := filepath.Rel(parent, to); err != nil || !filepath.IsLocal(r) {
			return fmt.Errorf("%s replaces a module with %s, outside the copy's directory %s", filepath.Join(src, "go.mod"), rel, parent)
		}
		if err := copyModule(filepath.Join(src, rel), to); err != nil {
			return err
		}
	}
	return nil
}

// LocalReplacements returns the relative directories (./x, ../x, in the
// operating system's form) that the go.mod file gomod replaces modules
// with, in the order they appear, in single-line and block replace
// directives alike.
func LocalReplacements(gomod []byte) []string {
	var dirs []string
	for line := range strings.Lines(string(gomod)) {
		line, _, _ = strings.Cut(line, "//")
		_, target, ok := strings.Cut(line, "=>")
		if f := strings.Fields(target); ok && len(f) == 1 && (strings.HasPrefix(f[0], "./") || strings.HasPrefix(f[0], "../")) {
			dirs = append(dirs, filepath.FromSlash(f[0]))
		}
	}
	return dirs
}

// CompareGoldens checks every file of dir, a fixed copy of module: a file
// with a .golden next to it in module must equal it, every other file must
// be unchanged. With update it writes the goldens instead (and removes
// those of the files the fix left unchanged). It returns the number of
// goldens.
func CompareGoldens(t *testing.T, module, dir string, update bool) int {
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
		if update {
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
			t.Errorf("%s after the fix differs from %s (check the output, then accept it with go test -update in the module's e2e test):\n%s", rel, golden, got)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return goldens
}

var gcl struct {
	once sync.Once
	path string
	err  error
}

// GolangciLint returns the custom golangci-lint, built from the module
// proxy the way docs/golangci-lint.md says, once per test binary (the
// builder reuses an up-to-date binary). root is the repository.
func GolangciLint(t testing.TB, root string) string {
	t.Helper()
	gcl.once.Do(func() {
		cmd := exec.Command("go", "run", "./internal/buildgcl")
		cmd.Dir = root
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		out, err := cmd.Output()
		if err != nil {
			gcl.err = fmt.Errorf("go run ./internal/buildgcl: %w\n%s", err, stderr.String())
			return
		}
		gcl.path = strings.TrimSpace(string(out))
	})
	if gcl.err != nil {
		t.Fatal(gcl.err)
	}
	return gcl.path
}

// TestContext bounds a whole test to at most limit, ending 30 seconds
// before go test's own deadline so that a hang fails with the test's logs
// rather than a goroutine dump.
func TestContext(t *testing.T, limit time.Duration) context.Context {
	t.Helper()
	if dl, ok := t.Deadline(); ok {
		limit = min(limit, time.Until(dl)-30*time.Second)
	}
	ctx, cancel := context.WithTimeout(t.Context(), limit)
	t.Cleanup(cancel)
	return ctx
}

// GoEnv returns the go command's value of the environment variable name.
func GoEnv(ctx context.Context, t *testing.T, name string) string {
	t.Helper()
	out, err := exec.CommandContext(ctx, "go", "env", name).Output()
	if err != nil {
		t.Fatalf("go env %s: %v", name, err)
	}
	return strings.TrimSpace(string(out))
}
