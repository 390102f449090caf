package driver

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/scanner"
	"go/token"
	"go/types"
	"maps"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/gcexportdata"
	"golang.org/x/tools/go/packages"
)

// errSlowPath sends a package the loader does not handle (test variants,
// cgo) to go/packages.
var errSlowPath = errors.New("use go/packages")

// loader loads a package for analysis without asking the go command on
// every keystroke: it keeps the package's metadata (its files and imports)
// until an open file's package clause, imports or build constraints
// change or files change on disk, keeps the types of the dependencies
// (read from export data) until the import set changes, and keeps the
// syntax of files whose text did not change. What is left per keystroke
// is parsing the edited file and type-checking the package.
type loader struct {
	mu     sync.Mutex
	gen    int // bumped by Invalidate
	fset   *token.FileSet
	metas  map[string]*meta // by directory
	expKey string           // what fset, listed, deps and parsed hold for
	// listed holds the packages whose export data is known, by ID, with
	// their files, imports and modules: the dependencies of every package
	// loaded since the last reset.
	listed map[string]*packages.Package
	deps   map[string]*types.Package // dependencies by path, from export data
	// listings keeps listings of export data between runs; nil: none.
	listings *listingCache
	parsed   map[string]parsedFile
	// imu guards deps and parsed while checkDeps type-checks several
	// packages at once (mu is held then too).
	imu sync.Mutex

	metaSeq int // numbers metadata

	metaLoads, exportLoads int // go command runs, for tests
	diskListings           int // listings read from the listing cache, for tests
	depChecks              int // dependencies type-checked for facts, for tests
	checks                 int // packages type-checked for analysis, for tests
}

type meta struct {
	seq     int               // distinct for each metadata loaded
	pkg     *packages.Package // no types or syntax
	gen     int
	headers map[string]string // file -> header (package, imports, build lines)
	overlay map[string]bool   // files that were overlaid when loaded
	sizes   infoSizes         // of the package's last type-check
}

// infoSizes are the sizes of a package's last types.Info: the next
// check of the package allocates its maps at that size at once, instead
// of growing them, which cost a tenth of a keystroke's CPU.
type infoSizes struct{ types, defs, uses, implicits, scopes, selections int }

func newInfo(n infoSizes) *types.Info {
	return &types.Info{
		Types:        make(map[ast.Expr]types.TypeAndValue, n.types),
		Defs:         make(map[*ast.Ident]types.Object, n.defs),
		Uses:         make(map[*ast.Ident]types.Object, n.uses),
		Implicits:    make(map[ast.Node]types.Object, n.implicits),
		Instances:    map[*ast.Ident]types.Instance{},
		Scopes:       make(map[ast.Node]*types.Scope, n.scopes),
		Selections:   make(map[*ast.SelectorExpr]*types.Selection, n.selections),
		FileVersions: map[*ast.File]string{},
	}
}

func sizesOf(info *types.Info) infoSizes {
	return infoSizes{len(info.Types), len(info.Defs), len(info.Uses), len(info.Implicits), len(info.Scopes), len(info.Selections)}
}

type parsedFile struct {
	src  string
	sum  [sha256.Size]byte // of src
	disk bool              // src was read from disk (not unsaved text)
	file *ast.File
	err  error
}

func newLoader() *loader { return &loader{metas: map[string]*meta{}} }

func (l *loader) invalidate() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.gen++
}

// header is what of a file decides the package's metadata.
func header(src []byte) string {
	f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly|parser.ParseComments)
	if err != nil && f == nil {
		return "!" + err.Error()
	}
	var b strings.Builder
	b.WriteString(f.Name.Name)
	for _, imp := range f.Imports {
		b.WriteString(" " + imp.Path.Value)
	}
	for _, cg := range f.Comments {
		if cg.Pos() > f.Package {
			break
		}
		for _, c := range cg.List {
			if strings.HasPrefix(c.Text, "//go:build") {
				b.WriteString(" " + c.Text)
			}
		}
	}
	return b.String()
}

func (l *loader) valid(m *meta, file string, overlay map[string][]byte) bool {
	if m == nil || m.gen != l.gen || !slices.Contains(m.pkg.CompiledGoFiles, file) {
		return false
	}
	dir, test := filepath.Dir(file), IsTest(file)
	for name, src := range overlay {
		if filepath.Dir(name) == dir && strings.HasSuffix(name, ".go") && (test || !IsTest(name)) {
			if h, ok := m.headers[name]; !ok || h != header(src) {
				return false
			}
		}
	}
	for name := range m.overlay {
		if _, ok := overlay[name]; !ok { // closed: back to the disk's text
			return false
		}
	}
	return true
}

// metaMode leaves out NeedCompiledGoFiles: asking the go command for
// compiled files prepares a build, which took two thirds of the metadata
// run. loadMeta takes the GoFiles for CompiledGoFiles, which is right for
// all but cgo and SWIG packages, and sends those to go/packages.
const metaMode = packages.NeedName | packages.NeedFiles | packages.NeedImports | packages.NeedModule

// load returns the package of file, type-checked from source, and a key
// that covers everything the package's analysis depends on: the state of
// its dependencies, its metadata and the content of its files. If known
// reports that the result for that key is known, the package is not
// type-checked and load returns only the key.
func (l *loader) load(ctx context.Context, cfg *packages.Config, file string, known func(key string) bool) (*packages.Package, string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	dir := filepath.Dir(file)
	key := dir
	if IsTest(file) {
		key += " [test]"
	}
	l.reset(dir, cfg.Overlay)
	m := l.metas[key]
	if !l.valid(m, file, cfg.Overlay) {
		// The go command lists the package; meanwhile it also lists the
		// export data of what the directory's files import, and the files
		// are parsed: the two go command runs are what a first analysis
		// waits for, one at a time they would take twice as long.
		srcs := dirSources(dir, IsTest(file), cfg.Overlay)
		var (
			wg     sync.WaitGroup
			listed map[string]*packages.Package
			lerr   error
			parsed map[string]parsedFile
		)
		if ids := l.unlisted(importsOf(srcs)); len(ids) > 0 {
			wg.Go(func() { listed, lerr = l.listExports(ctx, cfg, ids) })
		}
		wg.Go(func() { parsed = parseAll(l.fset, srcs, cfg.Overlay) })
		var err error
		m, err = l.loadMeta(cfg, file)
		wg.Wait()
		maps.Copy(l.parsed, parsed)
		if lerr == nil {
			maps.Copy(l.listed, listed)
		}
		if err != nil {
			return nil, "", err
		}
		l.metaSeq++
		m.seq = l.metaSeq
		l.metas[key] = m
	}
	if err := l.loadExports(ctx, cfg, m); err != nil {
		return nil, "", err
	}
	rkey := l.key(m, cfg.Overlay)
	if rkey != "" && known(rkey) {
		return nil, rkey, nil
	}
	if err := ctx.Err(); err != nil { // a newer text came while parsing
		return nil, "", err
	}
	return l.check(m, cfg.Overlay), rkey, nil
}

// dirSources returns the text of the Go files in dir (unsaved text where
// there is some): the non-test files, or for a test file also the test
// files of the same package (not an external test package's).
func dirSources(dir string, test bool, overlay map[string][]byte) map[string][]byte {
	srcs := map[string][]byte{}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		name := filepath.Join(dir, e.Name())
		if e.IsDir() || !strings.HasSuffix(name, ".go") || !test && IsTest(name) {
			continue
		}
		src, ok := overlay[name]
		if !ok {
			var err error
			if src, err = os.ReadFile(name); err != nil {
				continue
			}
		}
		srcs[name] = src
	}
	for name, src := range overlay { // unsaved files not on disk yet
		if filepath.Dir(name) == dir && strings.HasSuffix(name, ".go") && (test || !IsTest(name)) {
			srcs[name] = src
		}
	}
	if test { // an external test package's imports include the package itself
		for name, src := range srcs {
			if f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.PackageClauseOnly); err == nil && strings.HasSuffix(f.Name.Name, "_test") {
				delete(srcs, name)
			}
		}
	}
	return srcs
}

// importsOf returns the import paths that srcs name.
func importsOf(srcs map[string][]byte) []string {
	var out []string
	for _, src := range srcs {
		f, err := parser.ParseFile(token.NewFileSet(), "", src, parser.ImportsOnly)
		if f == nil || err != nil && len(f.Imports) == 0 {
			continue
		}
		for _, imp := range f.Imports {
			if path, err := strconv.Unquote(imp.Path.Value); err == nil && path != "C" && path != "unsafe" {
				out = append(out, path)
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// parseAll parses srcs into fset, several files at a time.
func parseAll(fset *token.FileSet, srcs, overlay map[string][]byte) map[string]parsedFile {
	out := make(map[string]parsedFile, len(srcs))
	var mu sync.Mutex
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for name, src := range srcs {
		wg.Go(func() {
			sem <- struct{}{}
			defer func() { <-sem }()
			f, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
			mu.Lock()
			_, unsaved := overlay[name]
			out[name] = parsedFile{src: string(src), sum: sha256.Sum256(src), disk: !unsaved, file: f, err: err}
			mu.Unlock()
		})
	}
	wg.Wait()
	return out
}

// reset starts afresh (a new file set, no dependency types, syntax or
// export data) when files changed on disk or unsaved text of packages
// outside dir changed: the export data of those packages is stale.
func (l *loader) reset(dir string, overlay map[string][]byte) {
	h := sha256.New()
	fmt.Fprintf(h, "%d\x00", l.gen)
	for _, name := range slices.Sorted(maps.Keys(overlay)) {
		if filepath.Dir(name) != dir {
			fmt.Fprintf(h, "%s\x00%d\x00", name, len(overlay[name]))
			h.Write(overlay[name])
		}
	}
	key := hex.EncodeToString(h.Sum(nil))
	// A new file set also bounds the set's growth over a long session.
	if key == l.expKey && l.fset != nil && l.fset.Base() < 1<<30 {
		return
	}
	l.fset = token.NewFileSet()
	l.listed = map[string]*packages.Package{}
	l.deps = map[string]*types.Package{}
	l.parsed = map[string]parsedFile{}
	l.expKey = key
}

// unlisted returns the IDs among ids whose export data is not known.
func (l *loader) unlisted(ids []string) []string {
	var out []string
	for _, id := range ids {
		if l.listed[id] == nil {
			out = append(out, id)
		}
	}
	return out
}

// exportMode lists export data, and the files and imports the facts of
// dependencies are computed from.
const exportMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedDeps | packages.NeedExportFile | packages.NeedModule

// listExports asks the go command (which builds what is stale) for the
// export data of the packages ids and their dependencies.
func (l *loader) listExports(ctx context.Context, cfg *packages.Config, ids []string) (map[string]*packages.Package, error) {
	var key string
	if l.listings != nil {
		key = listingKey(cfg, ids)
		if out := l.listings.get(key, cfg.Overlay); out != nil {
			l.diskListings++
			return out, nil
		}
	}
	l.exportLoads++
	start := time.Now()
	ecfg := *cfg
	ecfg.Context = ctx
	ecfg.Mode = exportMode
	ecfg.Tests = false
	pkgs, err := packages.Load(&ecfg, ids...)
	if err := ctxErr(ctx, err); err != nil {
		return nil, err
	}
	out := map[string]*packages.Package{}
	packages.Visit(pkgs, nil, func(p *packages.Package) { out[p.ID] = p })
	if l.listings != nil {
		_ = l.listings.put(key, cfg, start, out)
	}
	return out, nil
}

func (l *loader) loadMeta(cfg *packages.Config, file string) (*meta, error) {
	l.metaLoads++
	mcfg := *cfg
	mcfg.Mode = metaMode
	mcfg.Tests = IsTest(file)
	pkgs, err := packages.Load(&mcfg, "file="+file)
	if err != nil {
		return nil, err
	}
	// The package itself, or for a _test.go file its in-package test
	// variant, if all it imports are plain packages (whose export data
	// go list can give by path). External test packages and cgo take
	// the slow path.
	var pkg *packages.Package
	for _, p := range pkgs {
		if !slices.Contains(p.GoFiles, file) || slices.ContainsFunc(p.OtherFiles, isSWIG) {
			continue
		}
		if IsTest(file) != (p.ID != p.PkgPath) || p.ID != p.PkgPath && p.ID != p.PkgPath+" ["+p.PkgPath+".test]" {
			continue
		}
		if !slices.ContainsFunc(slices.Collect(maps.Values(p.Imports)), func(ip *packages.Package) bool { return ip.ID != ip.PkgPath }) {
			pkg = p
		}
	}
	if pkg == nil {
		return nil, errSlowPath
	}
	pkg.CompiledGoFiles = pkg.GoFiles
	m := &meta{pkg: pkg, gen: l.gen, headers: map[string]string{}, overlay: map[string]bool{}}
	for _, f := range pkg.CompiledGoFiles {
		src, ok := cfg.Overlay[f]
		if ok {
			m.overlay[f] = true
		} else if src, err = os.ReadFile(f); err != nil {
			return nil, err
		}
		m.headers[f] = header(src)
		if slices.Contains(strings.Fields(m.headers[f]), `"C"`) { // cgo
			return nil, errSlowPath
		}
	}
	for _, f := range pkg.IgnoredFiles { // excluded by build constraints, for now
		if strings.HasSuffix(f, ".go") && (IsTest(file) || !IsTest(f)) {
			src, ok := cfg.Overlay[f]
			if ok {
				m.overlay[f] = true
			} else if src, err = os.ReadFile(f); err != nil {
				continue
			}
			m.headers[f] = header(src)
		}
	}
	for f, src := range cfg.Overlay { // open files of another package here (an external test)
		if _, ok := m.headers[f]; !ok && filepath.Dir(f) == filepath.Dir(file) && strings.HasSuffix(f, ".go") {
			m.headers[f] = header(src)
			m.overlay[f] = true
		}
	}
	return m, nil
}

// loadExports makes sure the export data of m's dependencies is known,
// asking the go command only for what is not.
func (l *loader) loadExports(ctx context.Context, cfg *packages.Config, m *meta) error {
	var ids []string
	for _, p := range m.pkg.Imports {
		if p.ID != "unsafe" && p.ID != "C" {
			ids = append(ids, p.ID)
		}
	}
	slices.Sort(ids)
	return l.listMissing(ctx, cfg, slices.Compact(ids))
}

func (l *loader) parse(name string, overlay map[string][]byte) (*ast.File, error) {
	src, unsaved := overlay[name]
	l.imu.Lock()
	pf, ok := l.parsed[name]
	l.imu.Unlock()
	// Files on disk change under an Invalidate, which empties parsed:
	// the text of a file read from disk is not read again until then.
	if ok && !unsaved && pf.disk {
		return pf.file, pf.err
	}
	if !unsaved {
		var err error
		if src, err = os.ReadFile(name); err != nil {
			return nil, err
		}
	}
	if ok && pf.src == string(src) && pf.disk == !unsaved {
		return pf.file, pf.err
	}
	f, err := parser.ParseFile(l.fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	l.imu.Lock()
	l.parsed[name] = parsedFile{src: string(src), sum: sha256.Sum256(src), disk: !unsaved, file: f, err: err}
	l.imu.Unlock()
	return f, err
}

// importer imports the dependencies of src from export data.
func (l *loader) importer(src *packages.Package) types.ImporterFrom {
	return importerFunc(func(path string) (*types.Package, error) {
		if path == "unsafe" {
			return types.Unsafe, nil
		}
		ip := src.Imports[path]
		if ip == nil {
			return nil, fmt.Errorf("could not import %s: not a dependency of %s as last listed", path, src.PkgPath)
		}
		l.imu.Lock()
		defer l.imu.Unlock()
		if p := l.deps[ip.PkgPath]; p != nil && p.Complete() {
			return p, nil
		}
		lp := l.listed[ip.ID]
		if lp == nil || lp.ExportFile == "" {
			return l.unexported(path, lp)
		}
		f, err := os.Open(lp.ExportFile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		// The files of go list -export are compiler archives up to Go 1.27
		// (cmd/export writes bare export data from Go 1.28 on), and Read
		// refuses archives: NewReader locates the export data in them.
		r, err := gcexportdata.NewReader(bufio.NewReader(f)) //nolint:staticcheck // SA1019: go list -export gives archive files before Go 1.28, which Read alone cannot read
		if err != nil {
			return nil, fmt.Errorf("reading export data of %s: %w", path, err)
		}
		return gcexportdata.Read(r, l.fset, l.deps, ip.PkgPath)
	})
}

// unexported imports a dependency the go command gave no export data
// for, the way go/packages sees it (and so the CLI): a package without Go
// files (only tests, or none left) is empty, and one with errors fails
// with the go command's words, on one line.
func (l *loader) unexported(path string, p *packages.Package) (*types.Package, error) {
	switch {
	case p != nil && len(p.Errors) > 0:
		return nil, errors.New(strings.Join(strings.Fields(p.Errors[0].Msg), " "))
	case p == nil || len(p.GoFiles) > 0:
		return nil, fmt.Errorf("could not import %s: no export data", path)
	}
	empty := types.NewPackage(p.PkgPath, p.Name)
	empty.MarkComplete()
	l.deps[p.PkgPath] = empty
	return empty, nil
}

func isSWIG(name string) bool {
	return strings.HasSuffix(name, ".swig") || strings.HasSuffix(name, ".swigcxx")
}

type importerFunc func(path string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
func (f importerFunc) ImportFrom(path, _ string, _ types.ImportMode) (*types.Package, error) {
	return f(path)
}

// key returns the key of m's package (see load), parsing its files.
func (l *loader) key(m *meta, overlay map[string][]byte) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\x00%d\x00", l.expKey, m.seq)
	for _, name := range m.pkg.CompiledGoFiles {
		_, _ = l.parse(name, overlay)
		pf, ok := l.parsed[name]
		if !ok { // unreadable: no key
			return ""
		}
		fmt.Fprintf(h, "%s\x00%x\x00", name, pf.sum)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// check parses and type-checks m's package. Errors are recorded in the
// package, as go/packages does.
func (l *loader) check(m *meta, overlay map[string][]byte) *packages.Package {
	l.checks++
	pkg := l.checkSource(m.pkg, overlay, l.parse, m.sizes)
	m.sizes = sizesOf(pkg.TypesInfo)
	return pkg
}

// checkSource parses (with parse) and type-checks the package src lists,
// with its dependencies from export data.
func (l *loader) checkSource(src *packages.Package, overlay map[string][]byte, parse func(string, map[string][]byte) (*ast.File, error), sizes infoSizes) *packages.Package {
	pkg := &packages.Package{
		ID: src.ID, Name: src.Name, PkgPath: src.PkgPath, Module: src.Module,
		GoFiles: src.GoFiles, CompiledGoFiles: src.CompiledGoFiles,
		OtherFiles: src.OtherFiles, IgnoredFiles: src.IgnoredFiles, Imports: src.Imports,
		Fset: l.fset,
	}
	for _, e := range src.Errors {
		if e.Kind == packages.ListError {
			pkg.Errors = append(pkg.Errors, e)
		}
	}
	for _, name := range src.CompiledGoFiles {
		f, err := parse(name, overlay)
		var list scanner.ErrorList
		switch {
		case errors.As(err, &list):
			for _, e := range list {
				pkg.Errors = append(pkg.Errors, packages.Error{Pos: e.Pos.String(), Msg: e.Msg, Kind: packages.ParseError})
			}
		case err != nil:
			pkg.Errors = append(pkg.Errors, packages.Error{Pos: name, Msg: err.Error(), Kind: packages.ParseError})
		}
		if f != nil {
			pkg.Syntax = append(pkg.Syntax, f)
		}
	}
	goVersion := ""
	if src.Module != nil && src.Module.GoVersion != "" {
		goVersion = "go" + src.Module.GoVersion
	}
	pkg.TypesSizes = types.SizesFor("gc", runtime.GOARCH)
	pkg.TypesInfo = newInfo(sizes)
	conf := types.Config{
		Importer:  l.importer(src),
		Sizes:     pkg.TypesSizes,
		GoVersion: goVersion,
		Error: func(err error) {
			if te, ok := errors.AsType[types.Error](err); ok {
				pkg.TypeErrors = append(pkg.TypeErrors, te)
				pkg.Errors = append(pkg.Errors, packages.Error{Pos: te.Fset.Position(te.Pos).String(), Msg: te.Msg, Kind: packages.TypeError})
			}
		},
	}
	pkg.Types, _ = conf.Check(src.PkgPath, l.fset, pkg.Syntax, pkg.TypesInfo)
	return pkg
}

// deps returns the IDs of the plain packages that pkg depends on,
// directly or not, dependencies first, asking the go command for those
// not listed yet. A test variant among pkg's imports (what an external
// test imports) stands for its plain package.
func (l *loader) depsOf(ctx context.Context, cfg *packages.Config, pkg *packages.Package) ([]string, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.reset(filepath.Dir(pkgFiles(pkg)[0]), cfg.Overlay)
	var roots []string
	for _, ip := range pkg.Imports {
		if ip.PkgPath != "unsafe" && ip.PkgPath != "C" {
			roots = append(roots, ip.PkgPath)
		}
	}
	slices.Sort(roots)
	roots = slices.Compact(roots)
	if err := l.listMissing(ctx, cfg, roots); err != nil {
		return nil, err
	}
	var out []string
	seen := map[string]bool{}
	var walk func(id string)
	walk = func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		p := l.listed[id]
		if p == nil {
			return
		}
		for _, ip := range slices.Sorted(maps.Keys(p.Imports)) {
			walk(p.Imports[ip].ID)
		}
		if p.ID != pkg.PkgPath && p.ID != "unsafe" && p.ID != "C" {
			out = append(out, p.ID)
		}
	}
	for _, id := range roots {
		walk(id)
	}
	return out, nil
}

// list makes sure the packages ids are listed.
func (l *loader) list(ctx context.Context, cfg *packages.Config, ids []string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.listMissing(ctx, cfg, ids)
}

// listMissing asks the go command for the export data of those of ids
// that are not listed yet, and keeps it. The caller holds l.mu.
func (l *loader) listMissing(ctx context.Context, cfg *packages.Config, ids []string) error {
	if ids = l.unlisted(ids); len(ids) == 0 {
		return nil
	}
	listed, err := l.listExports(ctx, cfg, ids)
	if err != nil {
		return err
	}
	maps.Copy(l.listed, listed)
	return nil
}

// listedPkg returns the listed package id, or nil.
func (l *loader) listedPkg(id string) *packages.Package {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.listed[id]
}

// checkDeps type-checks the listed packages ids from source, several at
// a time, and calls use with each in the order of ids, or with nil for
// one that is not listed. It stops at the first error of use. Their
// syntax is not kept: the loader keeps only that of packages analysed
// for diagnostics.
func (l *loader) checkDeps(ctx context.Context, ids []string, overlay map[string][]byte, use func(id string, p *packages.Package) error) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	parse := func(name string, overlay map[string][]byte) (*ast.File, error) {
		src, err := readFile(name, overlay)
		if err != nil {
			return nil, err
		}
		return parser.ParseFile(l.fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	}
	// A package is checked at most a few places ahead of the one in use,
	// which bounds the memory held by checked packages waiting.
	workers := runtime.GOMAXPROCS(0)
	results := make([]chan *packages.Package, len(ids))
	for i := range results {
		results[i] = make(chan *packages.Package, 1)
	}
	ahead := make(chan struct{}, 2*workers)
	var wg sync.WaitGroup
	defer wg.Wait() // after stop is closed
	stop := make(chan struct{})
	defer close(stop)
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range ids {
			select {
			case ahead <- struct{}{}:
			case <-stop:
				return
			}
			select {
			case next <- i:
			case <-stop:
				return
			}
		}
	}()
	for range workers {
		wg.Go(func() {
			for i := range next {
				var p *packages.Package
				if src := l.listed[ids[i]]; src != nil && ctx.Err() == nil {
					p = l.checkSource(src, overlay, parse, infoSizes{})
				}
				l.imu.Lock()
				l.depChecks++
				l.imu.Unlock()
				results[i] <- p
			}
		})
	}
	for i, id := range ids {
		var p *packages.Package
		select {
		case p = <-results[i]:
		case <-ctx.Done():
			return ctx.Err()
		}
		<-ahead
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := use(id, p); err != nil {
			return err
		}
	}
	return nil
}
