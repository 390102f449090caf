package driver

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/passes/ctors"
)

type countFact struct{ N int }

func (*countFact) AFact() {}

// Facts come back from the disk cache as they were stored.
func TestDiskCacheRoundTrip(t *testing.T) {
	a := &analysis.Analyzer{Name: "a", Doc: "a: test", FactTypes: []analysis.Fact{new(countFact)},
		Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	root := t.TempDir()
	c := newDiskCache(root, "key", []*analysis.Analyzer{a})
	typ := reflect.TypeFor[*countFact]()
	pf := &pkgFacts{name: "p",
		objs: map[factKey]analysis.Fact{{"T", typ}: &countFact{1}, {"F", typ}: &countFact{2}},
		pkgs: map[reflect.Type]analysis.Fact{typ: &countFact{3}},
	}
	if c.get("0123") != nil {
		t.Fatal("an empty cache has an entry")
	}
	if err := c.put("0123", pf); err != nil {
		t.Fatal(err)
	}
	got := c.get("0123")
	if got == nil || got.name != "p" || !reflect.DeepEqual(got.objs, pf.objs) || !reflect.DeepEqual(got.pkgs, pf.pkgs) {
		t.Fatalf("got %+v, want %+v", got, pf)
	}
	// Another configuration does not see them.
	if newDiskCache(root, "other", []*analysis.Analyzer{a}).get("0123") != nil {
		t.Fatal("an entry of another analyzer key was found")
	}
}

// A package's key changes with its files' content and with the key of a
// dependency, and not otherwise.
func TestFactKeys(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	main := &packages.Module{Path: "m", Main: true}
	q := &packages.Package{ID: "q", PkgPath: "q", Module: main, CompiledGoFiles: []string{write("q.go", "package q\n")}}
	p := &packages.Package{ID: "p", PkgPath: "p", Module: main, CompiledGoFiles: []string{write("p.go", "package p\n")},
		Imports: map[string]*packages.Package{"q": q}}
	r := &packages.Package{ID: "r", PkgPath: "r", Module: main, CompiledGoFiles: []string{write("r.go", "package r\n")}}
	listed := func(id string) *packages.Package { return map[string]*packages.Package{"p": p, "q": q, "r": r}[id] }
	ids := []string{"q", "p", "r"}
	before := factKeys(ids, listed, nil)
	if len(before) != 3 || before["p"] == before["q"] {
		t.Fatalf("keys %v", before)
	}
	after := factKeys(ids, listed, map[string][]byte{q.CompiledGoFiles[0]: []byte("package q // edited\n")})
	if after["q"] == before["q"] || after["p"] == before["p"] || after["r"] != before["r"] {
		t.Fatalf("after an edit of q: keys %v, before %v", after, before)
	}
	if again := factKeys(ids, listed, nil); !reflect.DeepEqual(again, before) {
		t.Fatalf("keys %v, then %v", before, again)
	}
	// A file of the main module counts by content; one of the standard
	// library by size and time.
	write("q.go", "package Q\n")
	if k := factKeys(ids, listed, nil); k["q"] == before["q"] {
		t.Fatal("the key of a main-module package did not change with its content")
	}
	q.Module = nil
	std := factKeys(ids, listed, nil)
	info, err := os.Stat(q.CompiledGoFiles[0])
	if err != nil {
		t.Fatal(err)
	}
	write("q.go", "package q\n")
	if err := os.Chtimes(q.CompiledGoFiles[0], info.ModTime(), info.ModTime()); err != nil {
		t.Fatal(err)
	}
	if k := factKeys(ids, listed, nil); k["q"] != std["q"] {
		t.Fatal("the key of a standard package changed with content of the same size")
	}
	future := time.Now().Add(time.Hour)
	if err := os.Chtimes(q.CompiledGoFiles[0], future, future); err != nil {
		t.Fatal(err)
	}
	if k := factKeys(ids, listed, nil); k["q"] == std["q"] {
		t.Fatal("the key of a standard package did not change with the time of its file")
	}
}

// A new driver with the same cache directory and key takes the facts of
// dependencies from the disk instead of type-checking them; another key,
// or a changed file of a dependency, computes them again.
func TestDiskCacheInDriver(t *testing.T) {
	files := archive(t, "diskcache.txtar")
	dir := writeModule(t, files)
	cache := t.TempDir()
	file := filepath.Join(dir, "p", "p.go")
	// analyse returns how many dependencies a new driver type-checked,
	// and the facts it has for q.
	analyse := func(key string) (int, *pkgFacts) {
		t.Helper()
		d, err := New([]*analysis.Analyzer{ctors.Analyzer}, append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off"))
		if err != nil {
			t.Fatal(err)
		}
		d.CacheFacts(cache, key)
		if _, err := d.Analyze(context.Background(), file, nil); err != nil {
			t.Fatal(err)
		}
		return d.loader.depChecks, d.facts.byPath["example.com/m/q"]
	}
	first, facts := analyse("k")
	if first < 2 || facts == nil || len(facts.pkgs) == 0 { // q, and the standard library
		t.Fatalf("first run: %d dependencies checked, facts of q %+v", first, facts)
	}
	if n, again := analyse("k"); n != 0 || !reflect.DeepEqual(again.pkgs, facts.pkgs) {
		t.Fatalf("second run: %d dependencies checked, facts of q %+v, want none and %+v", n, again, facts)
	}
	if n, _ := analyse("other"); n != first {
		t.Fatalf("another key: %d dependencies checked, want %d", n, first)
	}
	if err := os.WriteFile(filepath.Join(dir, "q", "q.go"), []byte(files["q/q.go"]+"\n// More.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if n, _ := analyse("k"); n != 1 {
		t.Fatalf("after an edit of q: %d dependencies checked, want 1", n)
	}
}

// A change of go.mod (Invalidate with no files) makes the facts of every
// package outside the standard library stale, of other modules too (go.mod
// may have changed their version), and never those of the standard
// library, whether they were computed or read from the disk cache.
func TestInvalidateAll(t *testing.T) {
	dir := filepath.Join(writeModule(t, archive(t, "invalidate.txtar")), "m")
	cache := t.TempDir()
	for _, run := range []string{"computed", "from the disk cache"} {
		d, err := New([]*analysis.Analyzer{ctors.Analyzer}, append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off"))
		if err != nil {
			t.Fatal(err)
		}
		d.CacheFacts(cache, "k")
		if _, err := d.Analyze(context.Background(), filepath.Join(dir, "p", "p.go"), nil); err != nil {
			t.Fatal(err)
		}
		d.Invalidate()
		for path, stale := range map[string]bool{"example.com/m/q": true, "example.com/dep": true, "context": false} {
			if d.facts.byPath[path] == nil {
				t.Fatalf("facts %s: none for %s", run, path)
			}
			if d.facts.stale[path] != stale {
				t.Errorf("facts %s: after a go.mod change, %s stale = %v, want %v", run, path, d.facts.stale[path], stale)
			}
		}
	}
}
