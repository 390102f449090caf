package driver

import (
	"context"
	"io/fs"
	"maps"
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
	usesV := []byte(usesNew + "\nvar _ = q.V\n")
	unsaved := map[string][]byte{extra: []byte("package q\n\nvar V int\n"), file: usesV}
	want("with unsaved text of q", 1, 0, unsaved)
	want("with unsaved text of q, again", 1, 0, unsaved)
	// Without it, q has no V, which a listing kept from it would have.
	if e, d, msgs := analyse(map[string][]byte{file: usesV}); e != 0 || d != 1 || len(msgs) != 1 || !strings.Contains(msgs[0], "q.V") {
		t.Fatalf("without unsaved text of q: %d go command listings and %d from the disk, diagnostics %q; want 0, 1 and undefined q.V", e, d, msgs)
	}
}

// listingFixture is a listing of m/p, which imports m/q, on disk: p and
// q in module m under dir, with export files in dir/cache.
type listingFixture struct {
	dir, mod string
	cfg      *packages.Config
	listed   map[string]*packages.Package
	q        *packages.Package
	export   string // q's
}

func newListingFixture(t *testing.T) *listingFixture {
	t.Helper()
	f := &listingFixture{dir: t.TempDir()}
	f.mod = filepath.Join(f.dir, "m")
	f.write(t, "m/go.mod", "module m\n")
	f.export = f.write(t, "cache/q-d", "export data")
	module := &packages.Module{Path: "m", Main: true, GoMod: filepath.Join(f.mod, "go.mod")}
	f.q = &packages.Package{ID: "m/q", Name: "q", PkgPath: "m/q", ExportFile: f.export, Module: module,
		GoFiles: []string{f.write(t, "m/q/q.go", "package q\n")}, Imports: map[string]*packages.Package{}}
	f.q.CompiledGoFiles = f.q.GoFiles
	p := &packages.Package{ID: "m/p", Name: "p", PkgPath: "m/p", ExportFile: f.write(t, "cache/p-d", "export data"), Module: module,
		GoFiles: []string{f.write(t, "m/p/p.go", "package p\n")}, Imports: map[string]*packages.Package{"m/q": f.q}}
	p.CompiledGoFiles = p.GoFiles
	f.listed = map[string]*packages.Package{p.ID: p, f.q.ID: f.q}
	f.cfg = &packages.Config{Dir: filepath.Join(f.mod, "p"), Env: []string{"GOFLAGS="}}
	return f
}

func (f *listingFixture) write(t *testing.T, name, src string) string {
	t.Helper()
	p := filepath.Join(f.dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// A stored listing is read back as it was, for the same key only, and
// a listing that may not hold is not stored.
func TestListingPut(t *testing.T) {
	f := newListingFixture(t)
	c := &listingCache{dir: t.TempDir()}
	key := listingKey(f.cfg, []string{"m/p"})
	if err := c.put(key, f.cfg, time.Now(), f.listed); err != nil {
		t.Fatal(err)
	}
	if c.get(key, nil) != nil {
		t.Fatal("a listing of files changed during the listing was stored")
	}
	age(t, f.dir)
	if err := c.put(key, f.cfg, time.Now(), f.listed); err != nil {
		t.Fatal(err)
	}
	got := c.get(key, nil)
	if got == nil || got["m/p"].Imports["m/q"] != got["m/q"] || got["m/q"].ExportFile != f.export || got["m/q"].CompiledGoFiles[0] != f.q.GoFiles[0] || got["m/q"].Module.GoMod != f.q.Module.GoMod {
		t.Fatalf("stored listing read back as %+v", got)
	}
	if c.get(listingKey(&packages.Config{Dir: f.cfg.Dir, Env: []string{"GOFLAGS=-tags=x"}}, []string{"m/p"}), nil) != nil {
		t.Fatal("a listing was found for another GOFLAGS")
	}
	// The build cache moves the times of the files it uses.
	now := time.Now()
	if err := os.Chtimes(f.export, now, now); err != nil {
		t.Fatal(err)
	}
	if c.get(key, nil) == nil {
		t.Fatal("a listing was not used after its export file was used")
	}

	notStored := func(why string, listed map[string]*packages.Package) {
		t.Helper()
		k := listingKey(f.cfg, []string{why})
		if err := c.put(k, f.cfg, time.Now(), listed); err != nil || c.get(k, nil) != nil {
			t.Errorf("a listing with %s was stored (%v)", why, err)
		}
	}
	with := func(extra *packages.Package) map[string]*packages.Package {
		m := maps.Clone(f.listed)
		m[extra.ID] = extra
		return m
	}
	notStored("a package not found", with(&packages.Package{ID: "m/r", PkgPath: "m/r", Errors: []packages.Error{{Msg: "no such package"}}}))
	notStored("a package without export data", with(&packages.Package{ID: "m/r", PkgPath: "m/r"}))
	gone := filepath.Join(f.mod, "gone", "gone.go")
	notStored("a package removed during the listing", with(&packages.Package{ID: "m/gone", PkgPath: "m/gone", ExportFile: f.export, GoFiles: []string{gone}, CompiledGoFiles: []string{gone}}))
}

// A stored listing is used only while each file it was listed from,
// each export file and each file that decides the go command's answer
// (go.mod, go.work above or named by GOWORK, the go.mod of every module
// a workspace uses or a listed package comes from) is as it was.
func TestListingStamps(t *testing.T) {
	for _, change := range []struct {
		name   string
		gowork string // GOWORK, relative to the fixture
		do     func(f *listingFixture) error
	}{
		{name: "a source file edited", do: func(f *listingFixture) error {
			return os.WriteFile(f.q.GoFiles[0], []byte("package q // edited\n"), 0o644)
		}},
		{name: "a file added to a package", do: func(f *listingFixture) error {
			return os.WriteFile(filepath.Join(f.mod, "q", "r.go"), []byte("package q\n"), 0o644)
		}},
		{name: "an export file removed", do: func(f *listingFixture) error { return os.Remove(f.export) }},
		{name: "go.mod edited", do: func(f *listingFixture) error {
			return os.WriteFile(filepath.Join(f.mod, "go.mod"), []byte("module m\n\ngo 1.24\n"), 0o644)
		}},
		{name: "a go.work created above", do: func(f *listingFixture) error {
			return os.WriteFile(filepath.Join(f.dir, "go.work"), []byte("go 1.24\n"), 0o644)
		}},
		{name: "a vendor directory created", do: func(f *listingFixture) error {
			if err := os.MkdirAll(filepath.Join(f.mod, "vendor"), 0o755); err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(f.mod, "vendor", "modules.txt"), nil, 0o644)
		}},
		{name: "the go.mod of a replacement edited", do: func(f *listingFixture) error {
			return os.WriteFile(f.q.Module.Replace.GoMod, []byte("module x\n\ngo 1.24\n"), 0o644)
		}},
		{name: "the go.mod of another module of the workspace above edited", do: func(f *listingFixture) error {
			return os.WriteFile(filepath.Join(f.dir, "other", "go.mod"), []byte("module other\n\nrequire x v1.1.0\n"), 0o644)
		}},
		{name: "the go.mod of another module of GOWORK's workspace edited", gowork: "elsewhere/go.work", do: func(f *listingFixture) error {
			return os.WriteFile(filepath.Join(f.dir, "other", "go.mod"), []byte("module other\n\nrequire x v1.1.0\n"), 0o644)
		}},
	} {
		t.Run(change.name, func(t *testing.T) {
			f := newListingFixture(t)
			// q comes from a module replaced by a directory, and m is in
			// a workspace with another module.
			f.q.Module = &packages.Module{Path: "x", Version: "v1.0.0", Replace: &packages.Module{Path: "../x", GoMod: f.write(t, "x/go.mod", "module x\n")}}
			f.write(t, "other/go.mod", "module other\n")
			if change.gowork != "" {
				f.cfg.Env = append(f.cfg.Env, "GOWORK="+f.write(t, change.gowork, "go 1.24\n\nuse (\n\t../m\n\t../other\n)\n"))
			} else if strings.Contains(change.name, "workspace") {
				f.write(t, "go.work", "go 1.24\n\nuse (\n\t./m\n\t./other\n)\n")
			}
			age(t, f.dir)
			c := &listingCache{dir: t.TempDir()}
			key := listingKey(f.cfg, []string{"m/p"})
			if err := c.put(key, f.cfg, time.Now(), f.listed); err != nil {
				t.Fatal(err)
			}
			if c.get(key, nil) == nil {
				t.Fatal("before the change: the listing was not used")
			}
			if err := change.do(f); err != nil {
				t.Fatal(err)
			}
			if c.get(key, nil) != nil {
				t.Error("after the change: the stored listing was used")
			}
		})
	}
}
