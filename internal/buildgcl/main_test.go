package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestReadConfig(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	file := write(t, dir, ".custom-gcl.yml", `version: v2.15.0
name: golangci-lint
destination: ./bin
plugins:
  - module: github.com/factoryscope/factoryscope
    path: ./
  - module: example.com/other
    import: example.com/other/plugin
    version: v1.2.3
`)
	c, err := readConfig(file)
	if err != nil {
		t.Fatal(err)
	}
	if got, want := c.binary(), filepath.Join(dir, "bin", "golangci-lint"); got != want {
		t.Errorf("binary() = %q, want %q", got, want)
	}
	if got := c.Plugins[0]; got.Path != dir || got.Import != "github.com/factoryscope/factoryscope" {
		t.Errorf("local plugin = %+v, want path %s and import = module", got, dir)
	}
	if got := c.Plugins[1]; got.Import != "example.com/other/plugin" || got.Path != "" {
		t.Errorf("remote plugin = %+v", got)
	}
}

// TestRepoConfig reads the repository's own .custom-gcl.yml: the builder
// must accept what `golangci-lint custom` is documented to read.
func TestRepoConfig(t *testing.T) {
	t.Parallel()
	c, err := readConfig(filepath.Join("..", "..", ".custom-gcl.yml"))
	if err != nil {
		t.Fatal(err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	if c.Version != "v2.15.0" || len(c.Plugins) != 1 || c.Plugins[0].Path != root ||
		c.Plugins[0].Module != "github.com/factoryscope/factoryscope" || c.binary() != filepath.Join(root, "bin", "golangci-lint") {
		t.Errorf("unexpected configuration %+v, plugins %+v", c, c.Plugins)
	}
}

func TestReadConfigErrors(t *testing.T) {
	t.Parallel()
	const plugin = "plugins:\n  - module: example.com/p\n    path: ./\n"
	for _, tt := range []struct{ name, in, want string }{
		{"no version", plugin, `version: "" is not a release version`},
		{"version not semver", "version: latest\n" + plugin, `version: "latest" is not a release version`},
		{"version with shell text", "version: v2.15.0'; rm -rf /\n" + plugin, `version: "v2.15.0'; rm -rf /" is not a release version`},
		{"unknown key", "version: v2.15.0\nrelease: v2\n" + plugin, `unknown field "release"`},
		{"no plugins", "version: v2.15.0\n", "plugins: none defined"},
		{"path and version", "version: v2.15.0\nplugins:\n  - module: example.com/p\n    path: ./\n    version: v1.0.0\n", "plugins[0]: exactly one of path and version"},
		{"neither path nor version", "version: v2.15.0\nplugins:\n  - module: example.com/p\n", "plugins[0]: exactly one of path and version"},
		{"bad module", "version: v2.15.0\nplugins:\n  - module: \"not a path\"\n    path: ./\n", "plugins[0].module: "},
		{"name with a slash", "version: v2.15.0\nname: ../x\n" + plugin, `name: "../x" is not a file name`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := readConfig(write(t, t.TempDir(), ".custom-gcl.yml", tt.in))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("readConfig error = %v, want one containing %q", err, tt.want)
			}
		})
	}
}

// TestStamp: the stamp changes with what the binary is built from, and only
// with that.
func TestStamp(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, "go.mod", "module example.com/p\n")
	write(t, dir, "plugin.go", "package p\n")
	write(t, dir, "sub/sub.go", "package sub\n")
	c := &customConfig{Version: "v2.15.0", Plugins: []plugin{{Module: "example.com/p", Import: "example.com/p", Path: dir}}}
	base := mustStamp(t, c, "go1.26.8")

	same := map[string]func(){
		"test file":     func() { write(t, dir, "plugin_test.go", "package p\n") },
		"testdata":      func() { write(t, dir, "testdata/x/x.go", "package x\n") },
		"nested module": func() { write(t, dir, "e/go.mod", "module e\n"); write(t, dir, "e/e.go", "package e\n") },
		"dot directory": func() { write(t, dir, ".cache/x.go", "package x\n") },
		"readme":        func() { write(t, dir, "README.md", "# p\n") },
	}
	for name, change := range same {
		change()
		if got := mustStamp(t, c, "go1.26.8"); got != base {
			t.Errorf("adding a %s changed the stamp", name)
		}
	}

	if mustStamp(t, c, "go1.27.0") == base {
		t.Error("another Go toolchain kept the stamp")
	}
	c2 := *c
	c2.Version = "v2.16.0"
	if mustStamp(t, &c2, "go1.26.8") == base {
		t.Error("another golangci-lint version kept the stamp")
	}
	write(t, dir, "sub/sub.go", "package sub // changed\n")
	if mustStamp(t, c, "go1.26.8") == base {
		t.Error("a changed source file kept the stamp")
	}
	write(t, dir, "go.sum", "example.com/q v1.0.0 h1:x\n")
	changed := mustStamp(t, c, "go1.26.8")
	write(t, dir, "go.sum", "example.com/q v1.0.1 h1:x\n")
	if mustStamp(t, c, "go1.26.8") == changed {
		t.Error("a changed go.sum kept the stamp")
	}
}

func mustStamp(t *testing.T, c *customConfig, goVersion string) string {
	t.Helper()
	s, err := stamp(c, goVersion)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestUpToDate: a binary is reused only with a matching stamp.
func TestUpToDate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	bin, st := filepath.Join(dir, "golangci-lint"), filepath.Join(dir, "golangci-lint.stamp")
	if upToDate(bin, st, "abc") {
		t.Error("up to date without a binary")
	}
	if err := os.WriteFile(bin, []byte("#!/bin/sh\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	if upToDate(bin, st, "abc") {
		t.Error("up to date without a stamp")
	}
	write(t, dir, "golangci-lint.stamp", "abc\n")
	if !upToDate(bin, st, "abc") {
		t.Error("not up to date with a matching stamp")
	}
	if upToDate(bin, st, "abd") {
		t.Error("up to date with another stamp")
	}
}

func TestCopyTreeMakesWritable(t *testing.T) {
	t.Parallel()
	src, dst := t.TempDir(), filepath.Join(t.TempDir(), "copy")
	f := write(t, src, "a/b.go", "package a\n")
	x := write(t, src, "run.sh", "#!/bin/sh\n")
	if err := os.Chmod(f, 0o444); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(x, 0o555); err != nil {
		t.Fatal(err)
	}
	if err := copyTree(src, dst); err != nil {
		t.Fatal(err)
	}
	for name, want := range map[string]os.FileMode{"a/b.go": 0o644, "run.sh": 0o755} {
		fi, err := os.Stat(filepath.Join(dst, name))
		if err != nil {
			t.Fatal(err)
		}
		if fi.Mode().Perm() != want {
			t.Errorf("%s: mode %v, want %v", name, fi.Mode().Perm(), want)
		}
	}
	data, err := os.ReadFile(filepath.Join(dst, "a", "b.go"))
	if err != nil || string(data) != "package a\n" {
		t.Errorf("copied content = %q, %v", data, err)
	}
}

func TestWritePlugins(t *testing.T) {
	t.Parallel()
	repo := t.TempDir()
	write(t, repo, "cmd/golangci-lint/plugins.go", "package main\n")
	b := &builder{cfg: &customConfig{Plugins: []plugin{{Import: "github.com/factoryscope/factoryscope"}, {Import: "example.com/other/plugin"}}}}
	if err := b.writePlugins(repo); err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(filepath.Join(repo, "cmd", "golangci-lint", "plugins.go"))
	if err != nil {
		t.Fatal(err)
	}
	want := `// Code generated by buildgcl. DO NOT EDIT.

package main

import (
	_ "example.com/other/plugin"
	_ "github.com/factoryscope/factoryscope"
)
`
	if string(got) != want {
		t.Errorf("plugins.go =\n%s\nwant\n%s", got, want)
	}
}

// TestGoEnv: the build's go commands use the module proxy only, whatever
// the caller's GOFLAGS, GOWORK and GOTOOLCHAIN say.
func TestGoEnv(t *testing.T) {
	t.Setenv("GOFLAGS", "-mod=vendor")
	t.Setenv("GOWORK", "/somewhere/go.work")
	t.Setenv("GOTOOLCHAIN", "go1.99.0")
	t.Setenv("GOPROXY", "https://proxy.example")
	got := map[string][]string{}
	for _, kv := range goEnv() {
		k, v, _ := strings.Cut(kv, "=")
		got[k] = append(got[k], v)
	}
	for k, want := range map[string]string{
		"GOFLAGS": "-mod=mod -buildvcs=false", "GOWORK": "off", "GOTOOLCHAIN": "local", "GOPROXY": "https://proxy.example",
	} {
		if len(got[k]) != 1 || got[k][0] != want {
			t.Errorf("%s = %q, want exactly %q", k, got[k], want)
		}
	}
}
