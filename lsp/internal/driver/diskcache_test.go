package driver

import (
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
)

type countFact struct{ N int }

func (*countFact) AFact() {}

// Facts come back from the disk cache as they were stored.
func TestDiskCacheRoundTrip(t *testing.T) {
	a := &analysis.Analyzer{Name: "a", Doc: "a: test", FactTypes: []analysis.Fact{new(countFact)},
		Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	root := t.TempDir()
	c := newDiskCache(root, "key", []*analysis.Analyzer{a})
	typ := reflect.TypeOf(new(countFact))
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
	q := &packages.Package{ID: "q", PkgPath: "q", CompiledGoFiles: []string{write("q.go", "package q\n")}}
	p := &packages.Package{ID: "p", PkgPath: "p", CompiledGoFiles: []string{write("p.go", "package p\n")},
		Imports: map[string]*packages.Package{"q": q}}
	r := &packages.Package{ID: "r", PkgPath: "r", CompiledGoFiles: []string{write("r.go", "package r\n")}}
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
}
