package driver

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"
)

// factCache holds the facts of analysed packages by import path. Entries
// are immutable once stored; a refresh replaces them.
type factCache struct {
	byPath map[string]*pkgFacts
	stale  map[string]bool // main-module packages to recompute
	// deps lists, per root package ID, the import paths of its transitive
	// dependencies (standard ones included) and the non-standard ones in
	// dependency order.
	deps map[string]*depList
}

type pkgFacts struct {
	name string
	dir  string
	main bool
	objs map[factKey]analysis.Fact
	pkgs map[reflect.Type]analysis.Fact
}

type factKey struct {
	path objectpath.Path
	typ  reflect.Type
}

type depList struct {
	all     map[string]bool
	ordered []string // non-standard dependencies, dependencies first
}

func newFactCache() *factCache {
	return &factCache{byPath: map[string]*pkgFacts{}, stale: map[string]bool{}, deps: map[string]*depList{}}
}

func (c *factCache) invalidate(files []string) {
	dirs := map[string]bool{}
	for _, f := range files {
		dirs[filepath.Dir(f)] = true
	}
	for path, pf := range c.byPath {
		if pf.main && (len(files) == 0 || dirs[pf.dir]) {
			c.stale[path] = true
		}
	}
	clear(c.deps) // imports may have changed on disk
}

// snapshot returns the current facts; the map is the caller's.
func (c *factCache) snapshot() map[string]*pkgFacts { return maps.Clone(c.byPath) }

// store records the facts that r's package exported. Test variants are
// not stored: their facts would mix in test-only objects.
func (c *factCache) store(pkg *packages.Package, r *runner, main bool) {
	if pkg.Types == nil || pkg.ID != pkg.PkgPath {
		return
	}
	dir := ""
	if len(pkg.CompiledGoFiles) > 0 {
		dir = filepath.Dir(pkg.CompiledGoFiles[0])
	}
	pf := &pkgFacts{name: pkg.Types.Name(), dir: dir, main: main, objs: map[factKey]analysis.Fact{}, pkgs: maps.Clone(r.pkgFacts)}
	for k, f := range r.objFacts {
		if path, err := r.enc.For(k.obj); err == nil {
			pf.objs[factKey{path, k.typ}] = f
		}
	}
	c.byPath[pkg.PkgPath] = pf
	delete(c.stale, pkg.PkgPath)
}

// factAnalyzers returns the analyzers in the Requires closure that
// produce facts.
func (d *Driver) factAnalyzers() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	visit(d.analyzers, func(a *analysis.Analyzer) {
		if len(a.FactTypes) > 0 {
			out = append(out, a)
		}
	})
	return out
}

// ensureFacts makes sure the cache holds facts for every non-standard
// dependency of pkg, analysing missing or stale ones from source in
// dependency order. Facts of standard-library packages are not computed:
// factoryscope's fact passes find nothing there, and analysing the
// standard library from source would cost seconds.
func (d *Driver) ensureFacts(ctx context.Context, cfg *packages.Config, pkg *packages.Package) error {
	factAs := d.factAnalyzers()
	if len(factAs) == 0 {
		return nil
	}
	d.mu.Lock()
	dl := d.facts.deps[pkg.ID]
	d.mu.Unlock()
	if dl == nil || slices.ContainsFunc(slices.Collect(maps.Values(pkg.Imports)), func(ip *packages.Package) bool {
		return !dl.all[ip.PkgPath] && ip.PkgPath != "unsafe" && ip.PkgPath != "C"
	}) {
		var err error
		if dl, err = d.loadDeps(ctx, cfg, pkg); err != nil {
			return err
		}
		d.mu.Lock()
		d.facts.deps[pkg.ID] = dl
		d.mu.Unlock()
	}
	d.mu.Lock()
	var missing []string
	for _, path := range dl.ordered {
		if d.facts.byPath[path] == nil || d.facts.stale[path] {
			missing = append(missing, path)
		}
	}
	d.mu.Unlock()
	if len(missing) == 0 {
		return nil
	}
	fcfg := *cfg
	fcfg.Mode = loadMode
	fcfg.Tests = false
	fcfg.Dir = cfg.Dir
	loaded, err := packages.Load(&fcfg, missing...)
	if err := ctxErr(ctx, err); err != nil {
		return err
	}
	byPath := map[string]*packages.Package{}
	for _, p := range loaded {
		byPath[p.PkgPath] = p
	}
	for _, path := range missing {
		p := byPath[path]
		if p == nil { // not loadable: remember that it has no facts
			d.mu.Lock()
			d.facts.byPath[path] = &pkgFacts{name: path}
			delete(d.facts.stale, path)
			d.mu.Unlock()
			continue
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		d.mu.Lock()
		snap := d.facts.snapshot()
		d.mu.Unlock()
		r := newRunner(p, snap, cfg.Overlay)
		for _, a := range factAs {
			r.run(a, false)
		}
		d.mu.Lock()
		d.facts.store(p, r, isMain(p))
		d.mu.Unlock()
	}
	return nil
}

// loadDeps lists the transitive dependencies of pkg (metadata only).
func (d *Driver) loadDeps(ctx context.Context, cfg *packages.Config, pkg *packages.Package) (*depList, error) {
	mcfg := *cfg
	mcfg.Mode = packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedDeps | packages.NeedModule
	patterns := []string{pkg.PkgPath}
	if len(pkg.CompiledGoFiles) > 0 {
		patterns = []string{"file=" + pkg.CompiledGoFiles[0]}
	}
	roots, err := packages.Load(&mcfg, patterns...)
	if err := ctxErr(ctx, err); err != nil {
		return nil, err
	}
	dl := &depList{all: map[string]bool{}}
	packages.Visit(roots, nil, func(p *packages.Package) {
		if p.PkgPath == pkg.PkgPath || strings.HasSuffix(p.ID, ".test") { // itself, or a test main
			return
		}
		if dl.all[p.PkgPath] {
			return
		}
		dl.all[p.PkgPath] = true
		// A test variant of a dependency (what an external test
		// imports) gets the facts of the plain package.
		if p.Module != nil {
			dl.ordered = append(dl.ordered, p.PkgPath)
		}
	})
	return dl, nil
}

func readOS(name string) ([]byte, error) { return os.ReadFile(name) }
