// Package driver runs analyzers on one package for the language server.
//
// The edited package is parsed and type-checked from source, with unsaved
// buffers as overlays; its dependencies' types come from export data. The
// loader keeps the package's metadata, the dependencies' types and the
// syntax of unchanged files between keystrokes, so an edit costs parsing
// the edited file and type-checking its package, with no go command run
// (see loader.go). External test packages and cgo packages go through
// go/packages instead, which is slower.
//
// Analysis facts of dependencies (directive-declared singletons,
// constructors of indirect dependencies) come from a cache filled by
// analysing the dependencies, standard library included, from source the
// first time a package is seen, and the main module's again after
// Invalidate (on save). Facts are stored by object path
// (golang.org/x/tools/go/types/objectpath), so they map onto the objects
// of any later type-checked view of the same package.
//
// The driver keeps the contract of x/tools' checker, which the CLI, go
// vet and golangci-lint use: the analyzers are checked with
// analysis.Validate, a package sees the facts of its transitive
// dependencies and of no other package, and a fact exported for another
// package's object is an error, not a fact silently dropped.
package driver

import (
	"context"
	"errors"
	"fmt"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/internal/passgraph"
)

// Driver analyses packages with a fixed set of analyzers. Its methods may
// be called from several goroutines.
type Driver struct {
	analyzers []*analysis.Analyzer // whose diagnostics are reported
	env       []string             // environment of the go command; nil: os.Environ()

	loader *loader
	// sanity round-trips every exported fact through gob, as the
	// checker's SanityCheck option does; set by tests.
	sanity bool

	mu    sync.Mutex
	facts *factCache
	disk  *diskCache // nil: facts are not kept between runs
	memo  []memo     // the last results, most recent last
}

// memo is the result of an analysis and the facts its package exported,
// kept for the same inputs (see loader.load's key): an edit that goes
// back to a text analysed before (an undo, a line added and removed)
// gets its result without type-checking or analysing again, as gopls
// reuses its type-checked packages.
type memo struct {
	key   string
	res   *Result
	path  string
	facts *pkgFacts // nil for a test variant
}

// memoSize bounds the results kept: a few per package is all an undo
// needs.
const memoSize = 16

// recall returns the result remembered for key, or nil, and makes it
// the most recent. d.mu is held.
func (d *Driver) recall(key string) *memo {
	for i, m := range slices.Backward(d.memo) {
		if m.key == key {
			d.memo = append(slices.Delete(d.memo, i, i+1), m)
			return &m
		}
	}
	return nil
}

// remember keeps a result for key. d.mu is held.
func (d *Driver) remember(m memo) {
	d.memo = append(d.memo, m)
	if len(d.memo) > memoSize {
		d.memo = slices.Delete(d.memo, 0, len(d.memo)-memoSize)
	}
}

// CacheFacts keeps the facts of dependencies in the directory root
// between runs (see diskCache), for analyzers that key identifies: the
// same key must mean analyzers that compute the same facts. Call it
// before the first analysis.
func (d *Driver) CacheFacts(root, key string) {
	d.disk = newDiskCache(root, key, d.analyzers)
}

// CacheListings keeps, in the directory dir, what the go command lists
// for the export data of dependencies, between runs (see listingCache).
// Call it before the first analysis.
func (d *Driver) CacheListings(dir string) {
	d.loader.listings = newListingCache(dir)
}

// New returns a Driver for the given analyzers, or an error if they fail
// analysis.Validate. env is the environment of the go command (nil means
// the current process's).
func New(analyzers []*analysis.Analyzer, env []string) (*Driver, error) {
	if err := analysis.Validate(analyzers); err != nil {
		return nil, fmt.Errorf("invalid analyzers: %w", err)
	}
	return &Driver{analyzers: analyzers, env: env, facts: newFactCache(), loader: newLoader()}, nil
}

// IsTest reports whether the named file is a test file, which only the
// package's test variant holds.
func IsTest(name string) bool { return strings.HasSuffix(name, "_test.go") }

// Invalidate says that files changed on disk: the next analysis asks the
// go command again for metadata and export data, and recomputes the
// cached facts of the packages in the files' directories (a package's
// facts depend on its own source only). With no files (go.mod or a
// configuration changed), the facts of every package outside the standard
// library are recomputed: go.mod may have changed a dependency's version,
// or made a package found that was not.
func (d *Driver) Invalidate(files ...string) {
	d.loader.invalidate()
	d.mu.Lock()
	defer d.mu.Unlock()
	d.facts.invalidate(files)
}

// Result is the outcome of analysing one package.
type Result struct {
	PkgID       string
	Files       []string // absolute names of the package's Go files
	Diagnostics []Diagnostic
	Times       Times // where the time went, for the server's log
	Reused      bool  // the result of an earlier analysis of the same inputs
}

// Times is how long each step of an analysis took.
type Times struct {
	Load     time.Duration // metadata, export data, parsing, type-checking
	Facts    time.Duration // facts of the dependencies
	Analysis time.Duration // the analyzers on the package
}

func (t Times) String() string {
	ms := func(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
	return fmt.Sprintf("load %v, facts %v, analysis %v", ms(t.Load), ms(t.Facts), ms(t.Analysis))
}

// Severity of a diagnostic.
type Severity int

// Severities.
const (
	Warning Severity = iota
	Error            // the package could not be analysed
)

// Diagnostic is an analysis diagnostic with byte offsets into the content
// that was analysed (the overlay if the file had one, else the file on
// disk).
type Diagnostic struct {
	File       string
	Start, End int
	Severity   Severity
	Analyzer   string // "" for load and type errors
	Category   string
	URL        string
	Message    string
	Fixes      []Fix
}

// Fix is a suggested fix; its edits are in Diagnostic.File.
type Fix struct {
	Message string
	Edits   []Edit
}

// Edit replaces the bytes [Start, End) of the file with NewText.
type Edit struct {
	Start, End int
	NewText    string
}

const loadMode = packages.NeedName | packages.NeedFiles | packages.NeedCompiledGoFiles |
	packages.NeedImports | packages.NeedTypes | packages.NeedTypesInfo | packages.NeedSyntax |
	packages.NeedTypesSizes | packages.NeedModule

// Analyze loads the package that contains file (with overlay as the
// content of unsaved files), makes sure dependency facts are cached, runs
// the analyzers and returns their diagnostics. A package that does not
// type-check yields one Error diagnostic instead of a failure; an error is
// returned only when no package could be loaded at all or ctx was
// cancelled.
func (d *Driver) Analyze(ctx context.Context, file string, overlay map[string][]byte) (*Result, error) {
	dir := filepath.Dir(file)
	cfg := &packages.Config{
		Context: ctx,
		Mode:    loadMode,
		Dir:     dir,
		Env:     d.env,
		Overlay: overlay,
		Tests:   IsTest(file),
	}
	var times Times
	start := time.Now()
	var known *memo
	pkg, key, err := d.loader.load(ctx, cfg, file, func(key string) bool {
		d.mu.Lock()
		defer d.mu.Unlock()
		if m := d.recall(key); m != nil {
			known = m
		}
		return known != nil
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if known != nil {
		d.mu.Lock()
		if known.facts != nil { // the package's facts as that text gives them
			d.facts.byPath[known.path] = known.facts
			delete(d.facts.stale, known.path)
		}
		res := *known.res
		d.mu.Unlock()
		res.Times, res.Reused = Times{Load: time.Since(start)}, true
		return &res, nil
	}
	if err != nil { // test variants, cgo, or a failure go/packages explains better
		pkgs, err := packages.Load(cfg, "file="+file)
		if err := ctxErr(ctx, err); err != nil {
			return nil, err
		}
		if pkg = pick(pkgs, file); pkg == nil {
			return nil, fmt.Errorf("no package contains %s", file)
		}
	}
	times.Load = time.Since(start)
	start = time.Now()
	dl, err := d.ensureFacts(ctx, cfg, pkg)
	if err != nil {
		return nil, err
	}
	times.Facts = time.Since(start)
	start = time.Now()
	res := &Result{PkgID: pkg.ID, Files: pkgFiles(pkg), Times: times}
	defer func() { res.Times.Analysis = time.Since(start) }()
	if errDiag, ok := firstError(pkg, overlay); ok && !d.allRunDespiteErrors() {
		res.Diagnostics = []Diagnostic{errDiag}
		return res, nil
	}
	d.mu.Lock()
	snap := d.facts.snapshot(dl.all)
	d.mu.Unlock()
	// As the checker fails an action whose prerequisites failed, a
	// dependency whose facts could not be computed (a bug in a fact
	// pass, not a type error) stops the analysis, with a reason.
	if path, err := depError(snap); err != nil && len(res.Files) > 0 {
		res.Diagnostics = []Diagnostic{{File: res.Files[0], Severity: Error,
			Message: fmt.Sprintf("factoryscope did not analyse this package: facts of dependency %s: %v", path, err)}}
		return res, nil
	}
	r := d.newRunner(pkg, snap, overlay)
	r.ctx = ctx
	for _, a := range d.analyzers {
		r.run(a, true)
	}
	if err := ctx.Err(); err != nil { // a newer text is waiting
		return nil, err
	}
	res.Diagnostics = r.diagnostics()
	if err := r.firstError(d.analyzers); err != nil && len(res.Files) > 0 {
		res.Diagnostics = append(res.Diagnostics, Diagnostic{File: res.Files[0], Severity: Error, Message: err.Error()})
	}
	// The package's own facts are the freshest there are: keep them for
	// packages that import it.
	d.mu.Lock()
	pf := d.facts.store(pkg, r, isMain(pkg), r.firstError(d.factAnalyzers()))
	if key != "" {
		kept := *res
		d.remember(memo{key: key, res: &kept, path: pkg.PkgPath, facts: pf})
	}
	d.mu.Unlock()
	return res, nil
}

func ctxErr(ctx context.Context, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return err
}

// allRunDespiteErrors reports whether every analyzer (and what it
// requires) runs on packages with errors.
func (d *Driver) allRunDespiteErrors() bool {
	ok := true
	passgraph.Walk(d.analyzers, func(a *analysis.Analyzer) {
		ok = ok && a.RunDespiteErrors
	})
	return ok
}

// pick returns the package variant that file belongs to: the plain
// package for a non-test file, the test variant for a _test.go file.
func pick(pkgs []*packages.Package, file string) *packages.Package {
	var best *packages.Package
	for _, p := range pkgs {
		if !slices.ContainsFunc(pkgFiles(p), func(f string) bool { return sameFile(f, file) }) {
			continue
		}
		plain := !strings.Contains(p.ID, " ") && !strings.HasSuffix(p.ID, ".test")
		if best == nil || (plain && !IsTest(file)) {
			best = p
		}
	}
	if best == nil && len(pkgs) == 1 {
		best = pkgs[0] // e.g. a file excluded by build constraints
	}
	return best
}

func pkgFiles(p *packages.Package) []string {
	files := slices.Clone(p.CompiledGoFiles)
	for _, f := range p.GoFiles {
		if !slices.Contains(files, f) {
			files = append(files, f)
		}
	}
	return files
}

func sameFile(a, b string) bool {
	if a == b {
		return true
	}
	ia, err1 := os.Stat(a)
	ib, err2 := os.Stat(b)
	return err1 == nil && err2 == nil && os.SameFile(ia, ib)
}

func isMain(p *packages.Package) bool { return p.Module != nil && p.Module.Main }

// firstError turns the package's first load, parse or type error into one
// diagnostic.
func firstError(pkg *packages.Package, overlay map[string][]byte) (Diagnostic, bool) {
	if len(pkg.Errors) == 0 {
		return Diagnostic{}, false
	}
	// Parse and type errors carry positions in the package's own files;
	// the go command's build errors name temporary overlay copies.
	e := pkg.Errors[0]
	for _, pe := range pkg.Errors {
		if pe.Kind != packages.ListError {
			e = pe
			break
		}
	}
	file, line, col := splitPos(e.Pos)
	if _, err := os.Stat(file); err != nil && !slices.Contains(pkgFiles(pkg), file) {
		file, line, col = "", 0, 0
	}
	if file == "" {
		if files := pkgFiles(pkg); len(files) > 0 {
			file = files[0]
		}
	}
	off := 0
	if file != "" && line > 0 {
		src, _ := readFile(file, overlay) // no text: the start of the file
		off = lineColOffset(src, line, col)
	}
	msg, _, _ := strings.Cut(e.Msg, "\n")
	if n := len(pkg.Errors); n > 1 {
		msg += fmt.Sprintf(" (and %d more)", n-1)
	}
	return Diagnostic{
		File: file, Start: off, End: off, Severity: Error,
		Message: "factoryscope did not analyse this package: " + msg,
	}, true
}

// splitPos splits "file:line:col" (col optional).
func splitPos(pos string) (file string, line, col int) {
	parts := strings.Split(pos, ":")
	nums := []int{}
	for len(parts) > 1 && len(nums) < 2 {
		var n int
		if _, err := fmt.Sscanf(parts[len(parts)-1], "%d", &n); err != nil {
			break
		}
		nums = append([]int{n}, nums...)
		parts = parts[:len(parts)-1]
	}
	file = strings.Join(parts, ":")
	if len(nums) > 0 {
		line = nums[0]
	}
	if len(nums) > 1 {
		col = nums[1]
	}
	return file, line, col
}

// lineColOffset converts a 1-based line and byte column to an offset.
func lineColOffset(src []byte, line, col int) int {
	off := 0
	for l := 1; l < line; l++ {
		i := slices.Index(src[off:], '\n')
		if i < 0 {
			return len(src)
		}
		off += i + 1
	}
	if col > 1 {
		off += col - 1
	}
	return min(off, len(src))
}

var errSkipped = errors.New("skipped")

// typesPkgs returns the packages visible from pkg by path.
func typesPkgs(pkg *types.Package) map[string]*types.Package {
	view := map[string]*types.Package{}
	var walk func(p *types.Package)
	walk = func(p *types.Package) {
		if _, ok := view[p.Path()]; ok {
			return
		}
		view[p.Path()] = p
		for _, imp := range p.Imports() {
			walk(imp)
		}
	}
	walk(pkg)
	return view
}
