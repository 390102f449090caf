package driver

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/passes/ctors"
)

// age sets the times of dir and all under it an hour back: the listing
// cache stores nothing listed from files changed in the last second.
func age(t *testing.T, dir string) {
	t.Helper()
	old := time.Now().Add(-time.Hour)
	err := filepath.WalkDir(dir, func(p string, _ fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(p, old, old)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A new driver with the same listing cache does not ask the go command
// for the export data of dependencies it listed before; once a
// dependency's file changes or a file is added to its directory, it asks
// again, and its package type-checks against the dependency's new API.
func TestListingCacheInDriver(t *testing.T) {
	files := archive(t, "diskcache.txtar")
	dir := writeModule(t, files)
	age(t, dir)
	cache := t.TempDir()
	file := filepath.Join(dir, "p", "p.go")
	// analyse returns how often a new driver asked the go command for
	// export data and read a listing from the disk, and the messages of
	// its diagnostics.
	analyse := func(overlay map[string][]byte) (exports, disk int, msgs []string) {
		t.Helper()
		d, err := New([]*analysis.Analyzer{ctors.Analyzer}, append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off"))
		if err != nil {
			t.Fatal(err)
		}
		d.CacheListings(cache)
		res, err := d.Analyze(context.Background(), file, overlay)
		if err != nil {
			t.Fatal(err)
		}
		for _, diag := range res.Diagnostics {
			msgs = append(msgs, diag.Message)
		}
		return d.loader.exportLoads, d.loader.diskListings, msgs
	}
	want := func(step string, exports, disk int, overlay map[string][]byte) {
		t.Helper()
		e, d, msgs := analyse(overlay)
		if e != exports || d != disk || len(msgs) > 0 {
			t.Fatalf("%s: %d go command listings and %d from the disk, diagnostics %q; want %d, %d and none", step, e, d, msgs, exports, disk)
		}
	}
	want("first run", 1, 0, nil)
	want("second run", 0, 1, nil)

	// p uses a function q did not have when it was listed.
	usesNew := strings.Replace(files["p/p.go"], "q.NewQ(", "q.MakeQ(", 1)
	if err := os.WriteFile(file, []byte(usesNew), 0o644); err != nil {
		t.Fatal(err)
	}
	q := filepath.Join(dir, "q", "q.go")
	if err := os.WriteFile(q, []byte(files["q/q.go"]+"\nfunc MakeQ(ctx context.Context) *Q { return &Q{} }\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want("after an edit of q", 1, 0, nil)
	age(t, dir)
	want("after an edit of q, once old", 1, 0, nil)
	want("after an edit of q, again", 0, 1, nil)

	extra := filepath.Join(dir, "q", "extra.go")
	if err := os.WriteFile(extra, []byte("package q\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	want("after a file was added to q", 1, 0, nil)

	// Unsaved text of q is not in the go command's listing of q, and a
	// listing made with it is not kept.
	age(t, dir)
	want("after a file was added to q, once old", 1, 0, nil)
	unsaved := map[string][]byte{extra: []byte("package q\n\nvar V int\n")}
	want("with unsaved text of q", 1, 0, unsaved)
	want("with unsaved text of q, again", 1, 0, unsaved)
	want("without it", 0, 1, nil)
}

// A stored listing is used only while each file it was listed from,
// each export file and each file that decides the go command's answer
// (go.mod, go.work above) is as it was.
func TestListingStamps(t *testing.T) {
	dir := t.TempDir()
	write := func(name, src string) string {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mod := filepath.Join(dir, "m")
	write("m/go.mod", "module m\n")
	export := write("cache/q-d", "export data")
	q := &packages.Package{ID: "m/q", Name: "q", PkgPath: "m/q", ExportFile: export,
		GoFiles: []string{write("m/q/q.go", "package q\n")}, Imports: map[string]*packages.Package{}}
	q.CompiledGoFiles = q.GoFiles
	p := &packages.Package{ID: "m/p", Name: "p", PkgPath: "m/p", ExportFile: write("cache/p-d", "export data"), GoFiles: []string{write("m/p/p.go", "package p\n")},
		Imports: map[string]*packages.Package{"m/q": q}}
	p.CompiledGoFiles = p.GoFiles
	listed := map[string]*packages.Package{p.ID: p, q.ID: q}

	c := &listingCache{dir: t.TempDir()}
	cfg := &packages.Config{Dir: filepath.Join(mod, "p"), Env: []string{"GOFLAGS="}}
	key := listingKey(cfg, []string{"m/p"})
	if err := c.put(key, cfg.Dir, time.Now(), listed, nil); err != nil {
		t.Fatal(err)
	}
	if c.get(key, nil) != nil {
		t.Fatal("a listing of files changed during the listing was stored")
	}
	age(t, dir)
	if err := c.put(key, cfg.Dir, time.Now(), listed, nil); err != nil {
		t.Fatal(err)
	}
	got := c.get(key, nil)
	if got == nil || got["m/p"].Imports["m/q"] != got["m/q"] || got["m/q"].ExportFile != export || got["m/q"].CompiledGoFiles[0] != q.GoFiles[0] {
		t.Fatalf("stored listing read back as %+v", got)
	}
	if c.get(listingKey(&packages.Config{Dir: cfg.Dir, Env: []string{"GOFLAGS=-tags=x"}}, []string{"m/p"}), nil) != nil {
		t.Fatal("a listing was found for another GOFLAGS")
	}
	// A package not found has no files whose change would be seen.
	missing := map[string]*packages.Package{p.ID: p, q.ID: q, "m/r": {ID: "m/r", PkgPath: "m/r", Errors: []packages.Error{{Msg: "no such package"}}}}
	if err := c.put("missing", cfg.Dir, time.Now(), missing, nil); err != nil || c.get("missing", nil) != nil {
		t.Fatalf("a listing with a package not found was stored (%v)", err)
	}
	// The build cache moves the times of the files it uses.
	now := time.Now()
	if err := os.Chtimes(export, now, now); err != nil {
		t.Fatal(err)
	}
	if c.get(key, nil) == nil {
		t.Fatal("a listing was not used after its export file was used")
	}

	for _, change := range []struct {
		name string
		do   func() error
	}{
		{"a source file edited", func() error { return os.WriteFile(q.GoFiles[0], []byte("package q // edited\n"), 0o644) }},
		{"a file added to a package", func() error { return os.WriteFile(filepath.Join(mod, "q", "r.go"), []byte("package q\n"), 0o644) }},
		{"an export file removed", func() error { return os.Remove(export) }},
		{"go.mod edited", func() error {
			return os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module m\n\ngo 1.24\n"), 0o644)
		}},
		{"a go.work created above", func() error { return os.WriteFile(filepath.Join(dir, "go.work"), []byte("go 1.24\n"), 0o644) }},
		{"a vendor directory created", func() error {
			if err := os.MkdirAll(filepath.Join(mod, "vendor"), 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(mod, "vendor", "modules.txt"), nil, 0o644)
		}},
	} {
		write("m/q/q.go", "package q\n")
		write("cache/q-d", "export data")
		write("m/go.mod", "module m\n")
		_ = os.Remove(filepath.Join(mod, "q", "r.go"))
		_ = os.Remove(filepath.Join(dir, "go.work"))
		_ = os.RemoveAll(filepath.Join(mod, "vendor"))
		age(t, dir)
		if err := c.put(key, cfg.Dir, time.Now(), listed, nil); err != nil {
			t.Fatal(err)
		}
		if c.get(key, nil) == nil {
			t.Fatalf("before %s: the listing was not used", change.name)
		}
		if err := change.do(); err != nil {
			t.Fatal(err)
		}
		if c.get(key, nil) != nil {
			t.Errorf("after %s: the stored listing was used", change.name)
		}
	}
}
