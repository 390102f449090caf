package main_test

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

// vetFindings returns the "file:line" positions in go vet's output and its
// messages keyed by position.
func vetFindings(out string) ([]string, map[string]string) {
	re := regexp.MustCompile(`(?m)^(?:\./)?([^\s:#]+\.go):(\d+):\d+: (.*)$`)
	var pos []string
	msgs := make(map[string]string)
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		p := m[1] + ":" + m[2]
		pos = append(pos, p)
		msgs[p] = m[3]
	}
	slices.Sort(pos)
	return slices.Compact(pos), msgs
}

// TestGoVet runs factoryscope as go vet -vettool: the configuration is
// discovered although go vet runs the tool once per package in the
// package's directory, -config is passed through, and the findings and
// messages are those of the standalone driver.
func TestGoVet(t *testing.T) {
	t.Parallel()
	dir := demo(t)
	r := e2etest.Run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	got, msgs := vetFindings(r.Stderr)
	if r.Code == 0 {
		t.Errorf("go vet -vettool: exit 0 despite findings")
	}
	equal(t, "go vet -vettool findings", got, allFindings)
	// Every rule's package is in the build, though not among the direct
	// imports of every package go vet runs the tool on.
	if strings.Contains(r.Stderr, "warning") {
		t.Errorf("go vet -vettool: a warning for a good rule\n%s", r.Stderr)
	}

	// Same messages, hence same fixes, as the standalone driver, which
	// loads whole packages from source. go vet sees an indirect dependency
	// only through export data and facts of direct imports.
	t.Run("same messages as the CLI", func(t *testing.T) {
		plain := e2etest.Run(t, dir, bin, "./...")
		_, want := vetFindings(relativize(plain.Stderr, dir))
		for p, m := range want {
			if msgs[p] != m {
				t.Errorf("%s: go vet -vettool says\n\t%s\nthe CLI says\n\t%s", p, msgs[p], m)
			}
		}
	})

	empty := writeFile(t, filepath.Join(t.TempDir(), "empty.yml"), emptyConfig)
	r = e2etest.Run(t, dir, "go", "vet", "-vettool="+bin, "-config="+empty, "./...")
	got, _ = vetFindings(r.Stderr)
	equal(t, "go vet -vettool -config=empty.yml", got, directiveOnly)

	// A bad configuration is one line for the whole go vet run, not one
	// per package vetted or computed for facts (the standard library
	// included); go vet puts its "# package" header above it and exits 1.
	r = e2etest.Run(t, dir, "go", "vet", "-vettool="+bin, "-config=empty.yml", "./...")
	const relErr = "factoryscope: -config empty.yml: under go vet the path must be absolute"
	if r.Code == 0 || strings.Count(r.Stderr, relErr) != 1 || strings.Count(r.Stderr, "\n") != 2 {
		t.Errorf("go vet with a relative -config: want the error once under one header, got exit %d\n%s", r.Code, r.Stderr)
	}
}

// TestGoVetCache checks that go vet does not serve a cached clean result
// after the rules in .golangci.yml change: the tool's -V=full output, which
// keys go vet's cache, covers the discovered configuration.
func TestGoVetCache(t *testing.T) {
	t.Parallel()
	dir := demo(t)
	golangci := filepath.Join(dir, ".golangci.yml")
	orig, err := os.ReadFile(golangci)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, golangci, "version: \"2\"\n")
	if r := e2etest.Run(t, dir, "go", "vet", "-vettool="+bin, "./audit"); r.Code != 0 {
		t.Fatalf("go vet ./audit without rules: exit %d\n%s", r.Code, r.Stderr)
	}
	writeFile(t, golangci, string(orig))
	r := e2etest.Run(t, dir, "go", "vet", "-vettool="+bin, "./audit")
	got, _ := vetFindings(r.Stderr)
	equal(t, "go vet ./audit after adding the rule", got, []string{"audit/audit.go:14"})
}

// relativize strips dir from absolute file names in driver output.
func relativize(out, dir string) string {
	return strings.ReplaceAll(out, dir+string(filepath.Separator), "")
}

// indirect is a module whose app package imports only legacy, whose
// singletons' replacements live in sup, which takes a *uc.U: app imports
// neither sup nor uc. Get's rule is a directive, Default's is configured.
var indirect = map[string]string{
	"go.mod": "module example.com/m\n\ngo 1.26\n",
	".golangci.yml": `version: "2"
linters:
  settings:
    custom:
      factoryscope:
        type: module
        settings:
          rules:
            - singleton: example.com/m/legacy.Default
              replacement: example.com/m/sup.Create
`,
	"uc/uc.go": `package uc

import "context"

type U struct{ ID string }

func FromContext(ctx context.Context) *U { return &U{} }
`,
	"sup/sup.go": `package sup

import "example.com/m/uc"

type F struct{ owner string }

func (f *F) Run() string { return f.owner }

func Create(u *uc.U) *F { return &F{owner: u.ID} }
`,
	"legacy/legacy.go": `package legacy

import "example.com/m/sup"

// Get is the old shared factory.
//
//factoryscope:singleton example.com/m/sup.Create
func Get() *sup.F { return nil }

var Default *sup.F
`,
	"app/app.go": `package app

import (
	"context"

	"example.com/m/legacy"
)

func A(ctx context.Context) string { return legacy.Get().Run() }

func B(ctx context.Context) string { return legacy.Default.Run() }
`,
}

// TestGoVetIndirectReplacement checks that go vet fixes a site whose
// replacement, and the per-request type's constructor, are only in
// indirect dependencies: go vet shows the site only its direct imports'
// facts and their complete export data, so the replacement travels as a
// fact of the singleton and the constructors in the ctors facts.
func TestGoVetIndirectReplacement(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, content := range indirect {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(dir, name), content)
	}
	want := map[string]string{
		"app/app.go:9":  "legacy.Get is a process-wide singleton shared by all requests; call sup.Create with uc.FromContext(ctx) instead",
		"app/app.go:11": "legacy.Default is a process-wide singleton shared by all requests; call sup.Create with uc.FromContext(ctx) instead",
	}
	for _, tool := range [][]string{{bin, "./..."}, {"go", "vet", "-vettool=" + bin, "./..."}} {
		r := e2etest.Run(t, dir, tool[0], tool[1:]...)
		_, msgs := vetFindings(relativize(r.Stderr, dir))
		if len(msgs) != len(want) {
			t.Errorf("%s: got %d findings, want %d\n%s", strings.Join(tool, " "), len(msgs), len(want), r.Stderr)
		}
		for p, m := range want {
			if msgs[p] != m {
				t.Errorf("%s: %s: got\n\t%s\nwant\n\t%s", strings.Join(tool, " "), p, msgs[p], m)
			}
		}
	}
}
