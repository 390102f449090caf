package e2etest

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestLocalReplacements(t *testing.T) {
	t.Parallel()
	gomod := `module example.com/demo

go 1.26

require example.com/domain v0.0.0

replace example.com/domain => ../domain // the shared domain

replace (
	example.com/lib v1.0.0 => ./third_party/lib
	example.com/remote => example.com/fork v1.2.3
)

// replace example.com/old => ../old
`
	want := []string{filepath.FromSlash("../domain"), filepath.FromSlash("./third_party/lib")}
	if got := LocalReplacements([]byte(gomod)); !slices.Equal(got, want) {
		t.Errorf("LocalReplacements = %q, want %q", got, want)
	}
}

// TestCopyModule: the copy of a module that replaces a module with a
// sibling directory has that sibling next to it, and a module nested in
// the copied one is copied once.
func TestCopyModule(t *testing.T) {
	t.Parallel()
	src := t.TempDir()
	write(t, filepath.Join(src, "app", "go.mod"), "module example.com/app\n\nreplace (\n\texample.com/domain => ../domain\n\texample.com/inner => ./inner\n)\n")
	write(t, filepath.Join(src, "app", "inner", "go.mod"), "module example.com/inner\n")
	write(t, filepath.Join(src, "domain", "go.mod"), "module example.com/domain\n")
	write(t, filepath.Join(src, "domain", "domain.go"), "package domain\n")

	dir := CopyModule(t, filepath.Join(src, "app"))
	for _, f := range []string{"go.mod", "inner/go.mod", "../domain/go.mod", "../domain/domain.go"} {
		if _, err := os.Stat(filepath.Join(dir, filepath.FromSlash(f))); err != nil {
			t.Errorf("the copy lacks %s: %v", f, err)
		}
	}
}

// TestCopyModuleOutside: a replacement that would land outside the copy's
// parent directory is an error that names it.
func TestCopyModuleOutside(t *testing.T) {
	t.Parallel()
	src := filepath.Join(t.TempDir(), "a", "app")
	write(t, filepath.Join(src, "go.mod"), "module example.com/app\n\nreplace example.com/up => ../../up\n")
	err := copyModule(src, filepath.Join(t.TempDir(), "app"))
	if err == nil || !strings.Contains(err.Error(), filepath.FromSlash("../../up")) {
		t.Errorf("copyModule = %v, want an error naming ../../up", err)
	}
}

func write(t *testing.T, path, data string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}
