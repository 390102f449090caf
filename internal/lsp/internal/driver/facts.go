package driver

import (
	"context"
	"maps"
	"path/filepath"
	"reflect"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/factoryscope/factoryscope/internal/passgraph"
)

// factCache holds the facts of analysed packages by import path. Entries
// are immutable once stored; a refresh replaces them.
type factCache struct {
	byPath map[string]*pkgFacts
	stale  map[string]bool // main-module packages to recompute
	// deps lists, per root package ID, the import paths of its transitive
	// dependencies in dependency order, and of each of theirs.
	deps map[string]*depList
}

type pkgFacts struct {
	name string
	dir  string
	main bool
	std  bool // of the standard library, whose facts never go stale
	objs map[factKey]analysis.Fact
	pkgs map[reflect.Type]analysis.Fact
	err  error // of a fact pass that failed (not skipped) on the package
}

type factKey struct {
	path objectpath.Path
	typ  reflect.Type
}

type depList struct {
	all     map[string]bool            // the root's transitive dependencies
	ordered []string                   // every dependency, dependencies first
	closure map[string]map[string]bool // each dependency's transitive dependencies
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
		if pf.main && dirs[pf.dir] || len(files) == 0 && !pf.std {
			c.stale[path] = true
		}
	}
	clear(c.deps) // imports may have changed on disk
}

// snapshot returns the current facts of the packages in keep, as the
// checker gives a package the facts of its transitive dependencies and of
// no other package; the map is the caller's.
func (c *factCache) snapshot(keep map[string]bool) map[string]*pkgFacts {
	out := make(map[string]*pkgFacts, len(keep))
	for path := range keep {
		if pf := c.byPath[path]; pf != nil {
			out[path] = pf
		}
	}
	return out
}

// depError returns the first package of snap (by path) whose facts could
// not be computed, and why.
func depError(snap map[string]*pkgFacts) (string, error) {
	for _, path := range slices.Sorted(maps.Keys(snap)) {
		if err := snap[path].err; err != nil {
			return path, err
		}
	}
	return "", nil
}

// store records the facts that r's package exported, and the error of a
// fact pass that failed on it, and returns them. Test variants are not stored: their facts
// would mix in test-only objects.
func (c *factCache) store(pkg *packages.Package, r *runner, main bool, err error) *pkgFacts {
	if pkg.Types == nil || pkg.ID != pkg.PkgPath {
		return nil
	}
	dir := ""
	if len(pkg.CompiledGoFiles) > 0 {
		dir = filepath.Dir(pkg.CompiledGoFiles[0])
	}
	pf := &pkgFacts{name: pkg.Types.Name(), dir: dir, main: main, std: isStd(pkg), objs: map[factKey]analysis.Fact{}, pkgs: maps.Clone(r.pkgFacts), err: err}
	for k, f := range r.objFacts {
		if path, err := r.enc.For(k.obj); err == nil {
			pf.objs[factKey{path, k.typ}] = f
		}
	}
	c.byPath[pkg.PkgPath] = pf
	delete(c.stale, pkg.PkgPath)
	return pf
}

// factAnalyzers returns the analyzers in the Requires closure that
// produce facts.
func (d *Driver) factAnalyzers() []*analysis.Analyzer {
	var out []*analysis.Analyzer
	passgraph.Walk(d.analyzers, func(a *analysis.Analyzer) {
		if len(a.FactTypes) > 0 {
			out = append(out, a)
		}
	})
	return out
}

// ensureFacts makes sure the cache holds facts for every dependency of
// pkg, standard library included, analysing missing or stale ones from
// source in dependency order, and returns pkg's dependencies. The
// standard library is analysed as the checker analyses it (its
// constructors, such as net/http/httptrace.ContextClientTrace, are
// facts): once per Driver, as its facts never go stale.
func (d *Driver) ensureFacts(ctx context.Context, cfg *packages.Config, pkg *packages.Package) (*depList, error) {
	factAs := d.factAnalyzers()
	if len(factAs) == 0 {
		return &depList{}, nil
	}
	d.mu.Lock()
	dl := d.facts.deps[pkg.ID]
	d.mu.Unlock()
	if dl == nil || slices.ContainsFunc(slices.Collect(maps.Values(pkg.Imports)), func(ip *packages.Package) bool {
		return !dl.all[ip.PkgPath] && !pseudo(ip.PkgPath)
	}) {
		var err error
		if dl, err = d.loadDeps(ctx, cfg, pkg); err != nil {
			return nil, err
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
		return dl, nil
	}
	// Facts from the disk cache first: a package whose facts are there
	// needs no type-checking.
	var keys map[string]string
	if d.disk != nil {
		keys = factKeys(dl.ordered, d.loader.listedPkg, cfg.Overlay)
		var rest []string
		d.mu.Lock()
		for _, path := range missing {
			if pf := d.disk.get(keys[path]); keys[path] != "" && pf != nil {
				p := d.loader.listedPkg(path)
				pf.main, pf.std = isMain(p), isStd(p)
				if len(p.CompiledGoFiles) > 0 {
					pf.dir = filepath.Dir(p.CompiledGoFiles[0])
				}
				d.facts.byPath[path] = pf
				delete(d.facts.stale, path)
			} else {
				rest = append(rest, path)
			}
		}
		d.mu.Unlock()
		missing = rest
	}
	err := d.loader.checkDeps(ctx, missing, cfg.Overlay, func(path string, p *packages.Package) error {
		if p == nil { // not loadable: remember that it has no facts
			d.mu.Lock()
			d.facts.byPath[path] = &pkgFacts{name: path}
			delete(d.facts.stale, path)
			d.mu.Unlock()
			return nil
		}
		d.mu.Lock()
		snap := d.facts.snapshot(dl.closure[path])
		d.mu.Unlock()
		r := d.newRunner(p, snap, cfg.Overlay)
		r.ctx = ctx
		for _, a := range factAs {
			r.run(a, false)
		}
		if err := ctx.Err(); err != nil { // facts cut short: not stored
			return err
		}
		d.mu.Lock()
		pf := d.facts.store(p, r, isMain(p), r.firstError(factAs))
		d.mu.Unlock()
		if d.disk != nil && pf != nil && pf.err == nil && keys[path] != "" {
			_ = d.disk.put(keys[path], pf) // a failure costs a recomputation later
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return dl, nil
}

// pseudo reports whether path is a package that has no source to analyse.
func pseudo(path string) bool { return path == "unsafe" || path == "C" }

// loadDeps lists the transitive dependencies of pkg, and those of each
// dependency, from the packages the loader listed with their export data.
func (d *Driver) loadDeps(ctx context.Context, cfg *packages.Config, pkg *packages.Package) (*depList, error) {
	if slices.ContainsFunc(slices.Collect(maps.Values(pkg.Imports)), func(ip *packages.Package) bool { return ip.ID != ip.PkgPath }) {
		return d.loadVariantDeps(ctx, cfg, pkg)
	}
	ids, err := d.loader.depsOf(ctx, cfg, pkg)
	if err != nil {
		return nil, err
	}
	dl := &depList{all: map[string]bool{}, closure: map[string]map[string]bool{}}
	for _, id := range ids {
		p := d.loader.listedPkg(id)
		deps := map[string]bool{}
		for _, ip := range p.Imports {
			if !pseudo(ip.PkgPath) {
				deps[ip.PkgPath] = true
				maps.Copy(deps, dl.closure[ip.PkgPath])
			}
		}
		dl.closure[p.PkgPath] = deps
		dl.all[p.PkgPath] = true
		dl.ordered = append(dl.ordered, p.PkgPath)
	}
	return dl, nil
}

// loadVariantDeps is loadDeps for a package that imports test variants
// (an external test package): the go command lists the variants' imports,
// which include those of the in-package tests.
func (d *Driver) loadVariantDeps(ctx context.Context, cfg *packages.Config, pkg *packages.Package) (*depList, error) {
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
	dl := &depList{all: map[string]bool{}, closure: map[string]map[string]bool{}}
	// The dependencies of each package variant, dependencies first.
	byNode := map[*packages.Package]map[string]bool{}
	seen := map[string]bool{}
	var own map[string]bool
	packages.Visit(roots, nil, func(p *packages.Package) {
		deps := map[string]bool{}
		for _, ip := range p.Imports {
			if !pseudo(ip.PkgPath) {
				deps[ip.PkgPath] = true
				maps.Copy(deps, byNode[ip])
			}
		}
		byNode[p] = deps
		if p.ID == pkg.ID {
			own = deps
		}
		if p.PkgPath == pkg.PkgPath || strings.HasSuffix(p.ID, ".test") || pseudo(p.PkgPath) { // itself, or a test main
			return
		}
		// A test variant of a dependency (what an external test
		// imports) gets the facts of the plain package, which the
		// roots include.
		if p.ID == p.PkgPath || dl.closure[p.PkgPath] == nil {
			dl.closure[p.PkgPath] = deps
		}
		if !seen[p.PkgPath] {
			seen[p.PkgPath] = true
			dl.ordered = append(dl.ordered, p.PkgPath)
		}
	})
	dl.all = own
	if own == nil { // not among the roots: every package they depend on
		dl.all = seen
	}
	if err := d.loader.list(ctx, cfg, dl.ordered); err != nil {
		return nil, err
	}
	return dl, nil
}

// isStd reports whether p is of the standard library: of no module, and
// not a package the go command could not find.
func isStd(p *packages.Package) bool { return p.Module == nil && len(p.Errors) == 0 }
