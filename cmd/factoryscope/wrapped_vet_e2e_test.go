package main_test

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// wrapped is the module whose handlers reach the singleton only through
// wrappers (api.Agents -> deps.Agents -> deps.current, two packages from
// the site), a holder variable's accessor, a container method and a
// holder field.
const wrapped = "../../testdata/wrapped"

// wrappedSites are the findings in testdata/wrapped, as "file:line:col".
var wrappedSites = []string{
	"api/api.go:12:9",
	"cmd/server/main.go:29:31",
	"cmd/server/main.go:34:2",
	"deps/deps.go:11:9",
	"deps/deps.go:16:9",
	"deps/deps.go:19:16",
	"deps/deps.go:23:9",
	"deps/deps.go:33:9",
	"handlers/handlers.go:18:18",
	"handlers/handlers.go:26:2",
	"handlers/handlers.go:27:31",
	"handlers/handlers.go:40:3",
	"handlers/handlers.go:44:26",
	"handlers/handlers.go:46:29",
	"server/server.go:24:25",
	"server/server.go:38:18",
	"server/server.go:46:2",
	"server/server.go:47:31",
	"server/server.go:57:30",
}

// findingLines returns the findings in driver output as "file:line:col"
// (relative, as go vet prints them) and their messages by position.
func findingLines(out string) ([]string, map[string]string) {
	re := regexp.MustCompile(`(?m)^(?:\./)?([^\s:#]+\.go:\d+:\d+): (.*)$`)
	var pos []string
	msgs := make(map[string]string)
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		pos = append(pos, m[1])
		msgs[m[1]] = m[2]
	}
	slices.Sort(pos)
	return slices.Compact(pos), msgs
}

// TestGoVetWrapped runs go vet -vettool on testdata/wrapped. go vet runs
// the tool once per package and gives it the facts of its direct imports
// only, so the chain api.Agents -> deps.Agents -> deps.current ->
// agents.Shared reaches the handlers only if each package's wrappers
// travel as facts. go vet must report the CLI's sites, with the CLI's
// messages, and go vet -fix must write the CLI's goldens.
func TestGoVetWrapped(t *testing.T) {
	t.Parallel()
	dir := filepath.Join(t.TempDir(), "wrapped")
	if err := os.CopyFS(dir, os.DirFS(wrapped)); err != nil {
		t.Fatal(err)
	}

	cli := run(t, dir, bin, "./...")
	want, wantMsgs := findingLines(relativize(cli.stderr, dir))
	if cli.code != 3 || !slices.Equal(want, wrappedSites) {
		t.Fatalf("factoryscope ./...: exit %d, findings\n\t%q\nwant exit 3,\n\t%q\n%s", cli.code, want, wrappedSites, cli.stderr)
	}
	r := run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	got, msgs := findingLines(r.stderr)
	if r.code == 0 {
		t.Errorf("go vet -vettool: exit 0 despite findings")
	}
	equal(t, "go vet -vettool findings", got, want)
	for _, p := range want {
		if msgs[p] != wantMsgs[p] {
			t.Errorf("%s: go vet -vettool says\n\t%s\nthe CLI says\n\t%s", p, msgs[p], wantMsgs[p])
		}
	}

	// go vet -fix (Go 1.26) applies every fix, package by package, and
	// prints nothing (not even the sites left): the result is the CLI's.
	r = run(t, dir, "go", "vet", "-vettool="+bin, "-fix", "./...")
	if r.code != 0 || r.stderr != "" {
		t.Errorf("go vet -vettool -fix: exit %d, want 0 and no output\n%s", r.code, r.stderr)
	}
	compareGoldens(t, dir, wrapped)
}

// compareGoldens checks every file of the fixed copy in dir of module: a
// file with a .golden next to it in module must equal it, every other file
// must be unchanged.
func compareGoldens(t *testing.T, dir, module string) {
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
		want, err := os.ReadFile(path + ".golden")
		if errors.Is(err, fs.ErrNotExist) {
			want, err = os.ReadFile(path)
		} else {
			goldens++
		}
		if err != nil {
			return err
		}
		got, err := os.ReadFile(filepath.Join(dir, rel))
		if err != nil {
			return err
		}
		if !bytes.Equal(got, want) {
			t.Errorf("%s after the fix:\n%s\nwant:\n%s", rel, got, want)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if goldens == 0 {
		t.Errorf("no .golden files in %s", module)
	}
}
