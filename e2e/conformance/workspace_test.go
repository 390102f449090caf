package conformance_test

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/internal/e2etest"
)

// A workspace is a run materialised in a temporary directory: what the
// drivers analyse and how to name it to each of them.
type workspace struct {
	root string
	// patterns name the run's packages to the CLI, go vet and
	// golangci-lint.
	patterns []string
	// files are the Go files of those packages, which the language server
	// opens.
	files []string
	// caseOf maps a file, relative to root, to its case.
	caseOf map[string]string
	env    []string
	// vet is how go vet names the run's packages: by import path, from
	// the directory above root, in a Go workspace (see runVet).
	vet struct {
		dir      string
		env      []string
		patterns []string
	}
}

// golangciYML is the one configuration of a workspace: the CLI, go vet and
// the language server read the factoryscope block, golangci-lint all of
// it. Only factoryscope runs; golangci-lint's limits on the number of
// issues are lifted on its command line.
const golangciYML = `# Written by e2e/conformance: every driver reads this file.
version: "2"
linters:
  default: none
  enable: [factoryscope]
  settings:
    custom:
      factoryscope:
        type: module
        settings: %s
`

// materialise writes r into a fresh directory and returns it. A tree's
// top-level directories become the modules of a Go workspace, each named
// after its directory, so that every package keeps the import path of its
// analysistest run; a module is copied as it is. Either way, the
// .golangci.yml at the root carries the run's configuration.
func materialise(t *testing.T, repo string, r run, cgo bool) *workspace {
	t.Helper()
	w := &workspace{root: filepath.Join(t.TempDir(), r.name), caseOf: map[string]string{}}
	src := filepath.Join(repo, r.tree+r.module)
	if r.module != "" {
		// With the modules its go.mod replaces (../domain), alongside.
		e2etest.CopyModuleTo(t, src, w.root)
	} else if err := os.CopyFS(w.root, os.DirFS(src)); err != nil {
		t.Fatal(err)
	}
	var cfg analyzer.Config
	var err error
	switch {
	case r.module != "" && r.settings != nil:
		cfg, err = r.settings(repo)
	case r.module != "":
		// The copy has no parent configuration to find: only its own.
		cfg, _, err = analyzer.Discover(w.root)
	default:
		cfg, err = analyzer.Decode([]byte(r.config))
	}
	if err != nil {
		t.Fatalf("the configuration of %s: %v", r.name, err)
	}
	settings, err := json.Marshal(cfg)
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(w.root, ".golangci.yml"), fmt.Sprintf(golangciYML, settings))
	w.env = goEnv("GOWORK=off")

	if r.module != "" {
		w.patterns = []string{"./..."}
		data, err := os.ReadFile(filepath.Join(w.root, "go.mod"))
		if err != nil {
			t.Fatal(err)
		}
		path := modfile.ModulePath(data)
		if path == "" {
			t.Fatalf("%s: go.mod names no module", r.module)
		}
		work := filepath.Join(filepath.Dir(w.root), "go.work")
		write(t, work, fmt.Sprintf("go 1.26\n\nuse ./%s\n", filepath.Base(w.root)))
		w.vet.dir, w.vet.env, w.vet.patterns = filepath.Dir(w.root), goEnv("GOWORK="+work), []string{path + "/..."}
		w.files = goFiles(t, w.root, true)
		for _, f := range w.files {
			w.caseOf[f] = r.module
		}
		return w
	}

	entries, err := os.ReadDir(w.root)
	if err != nil {
		t.Fatal(err)
	}
	work := "go 1.26\n\nuse (\n"
	for _, e := range entries {
		if e.IsDir() {
			write(t, filepath.Join(w.root, e.Name(), "go.mod"), fmt.Sprintf("module %s\n\ngo 1.26\n", e.Name()))
			work += "\t./" + e.Name() + "\n"
		}
	}
	write(t, filepath.Join(w.root, "go.work"), work+")\n")
	w.env = goEnv("GOWORK=" + filepath.Join(w.root, "go.work"))
	w.vet.dir, w.vet.env = filepath.Dir(w.root), w.env
	for _, pkg := range r.cases(cgo) {
		w.patterns = append(w.patterns, "./"+pkg)
		w.vet.patterns = append(w.vet.patterns, pkg)
		files := goFiles(t, filepath.Join(w.root, pkg), false)
		if len(files) == 0 {
			t.Fatalf("%s: no Go files in %s", r.name, pkg)
		}
		for _, f := range files {
			rel := filepath.ToSlash(filepath.Join(pkg, f))
			w.files = append(w.files, rel)
			w.caseOf[rel] = pkg
		}
	}
	return w
}

// goEnv is the environment of every driver: the caller's, without a
// workspace, toolchain switch or GOFLAGS of its own, offline, plus extra.
func goEnv(extra ...string) []string {
	var env []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		switch k {
		case "GOWORK", "GOFLAGS", "GOTOOLCHAIN", "GOPROXY", "GOLANGCI_LINT_CACHE":
			continue
		}
		env = append(env, kv)
	}
	return append(append(env, "GOTOOLCHAIN=local", "GOFLAGS=", "GOPROXY=off"), extra...)
}

// goFiles returns the .go files under dir, relative to it and with
// slashes, as the go command's ./... sees them (no testdata, no
// directories starting with . or _); with all false only dir's own.
func goFiles(t *testing.T, dir string, all bool) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			name := d.Name()
			if path != dir && (!all || name == "testdata" || strings.HasPrefix(name, ".") || strings.HasPrefix(name, "_")) {
				return filepath.SkipDir
			}
			return nil
		}
		if strings.HasSuffix(path, ".go") {
			rel, err := filepath.Rel(dir, path)
			if err != nil {
				return err
			}
			files = append(files, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	slices.Sort(files)
	return files
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
