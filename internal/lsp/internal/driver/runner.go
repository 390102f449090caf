package driver

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"go/types"
	"os"
	"reflect"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"
	"golang.org/x/tools/go/types/objectpath"

	"github.com/factoryscope/factoryscope/internal/factcheck"
)

// runner runs analyzers on one type-checked package, each at most once,
// serving facts of dependencies from a cache snapshot. The analyzers an
// analyzer requires run at the same time, as the checker runs them: an
// edit waits for the longest chain of requirements, not for all of them
// in turn.
type runner struct {
	ctx       context.Context // when done, analyzers not started yet fail with its error; nil: never
	pkg       *packages.Package
	deps      map[string]*pkgFacts // cached facts of other packages, by path
	overlay   map[string][]byte
	view      map[string]*types.Package // packages visible from pkg, by path
	synthetic map[string]*types.Package // stand-ins for facts of invisible packages
	hasErrors bool
	sanity    bool // round-trip exported facts through gob

	mu        sync.Mutex // guards what follows, and enc and synthetic
	enc       objectpath.Encoder
	actions   map[*analysis.Analyzer]*action
	rootOrder []*analysis.Analyzer         // analyzers whose diagnostics are kept, each once
	objFacts  map[objFactKey]analysis.Fact // exported by this package
	pkgFacts  map[reflect.Type]analysis.Fact
}

type action struct {
	done   chan struct{} // closed when the analyzer has run
	result any
	err    error
	mu     sync.Mutex
	diags  []analysis.Diagnostic
}

type objFactKey struct {
	obj types.Object
	typ reflect.Type
}

// newRunner returns a runner for pkg; deps are the facts of its
// dependencies.
func (d *Driver) newRunner(pkg *packages.Package, deps map[string]*pkgFacts, overlay map[string][]byte) *runner {
	r := &runner{
		pkg:       pkg,
		deps:      deps,
		overlay:   overlay,
		synthetic: map[string]*types.Package{},
		hasErrors: len(pkg.Errors) > 0,
		sanity:    d.sanity,
		actions:   map[*analysis.Analyzer]*action{},
		objFacts:  map[objFactKey]analysis.Fact{},
		pkgFacts:  map[reflect.Type]analysis.Fact{},
	}
	if pkg.Types != nil {
		r.view = typesPkgs(pkg.Types)
		delete(r.deps, pkg.Types.Path()) // never serve a stale copy of our own facts
	}
	return r
}

// run runs a after what it requires, or waits for the run that started
// first, and returns its action.
func (r *runner) run(a *analysis.Analyzer, root bool) *action {
	r.mu.Lock()
	if root && !slices.Contains(r.rootOrder, a) {
		r.rootOrder = append(r.rootOrder, a)
	}
	act, started := r.actions[a]
	if !started {
		act = &action{done: make(chan struct{})}
		r.actions[a] = act
	}
	r.mu.Unlock()
	if started {
		<-act.done
		return act
	}
	defer close(act.done)
	reqs := make([]*action, len(a.Requires))
	var wg sync.WaitGroup
	for i, req := range a.Requires {
		if i == len(a.Requires)-1 {
			reqs[i] = r.run(req, false) // the last on this goroutine
		} else {
			wg.Go(func() { reqs[i] = r.run(req, false) })
		}
	}
	wg.Wait()
	inputs := map[*analysis.Analyzer]any{}
	for i, req := range a.Requires {
		if reqs[i].err != nil {
			act.err = reqs[i].err
			return act
		}
		inputs[req] = reqs[i].result
	}
	if r.pkg.Types == nil || r.pkg.TypesInfo == nil || (r.hasErrors && !a.RunDespiteErrors) {
		act.err = errSkipped
		return act
	}
	if r.ctx != nil && r.ctx.Err() != nil { // cancelled: the analysis is stale
		act.err = r.ctx.Err()
		return act
	}
	pass := &analysis.Pass{
		Analyzer:     a,
		Fset:         r.pkg.Fset,
		Files:        r.pkg.Syntax,
		OtherFiles:   r.pkg.OtherFiles,
		IgnoredFiles: r.pkg.IgnoredFiles,
		Pkg:          r.pkg.Types,
		TypesInfo:    r.pkg.TypesInfo,
		TypesSizes:   r.pkg.TypesSizes,
		TypeErrors:   r.pkg.TypeErrors,
		Module:       module(r.pkg.Module),
		ResultOf:     inputs,
		Report: func(d analysis.Diagnostic) {
			act.mu.Lock()
			act.diags = append(act.diags, d)
			act.mu.Unlock()
		},
		ReadFile:          func(name string) ([]byte, error) { return readFile(name, r.overlay) },
		ImportObjectFact:  r.importObjectFact,
		ExportObjectFact:  func(obj types.Object, f analysis.Fact) { r.exportObjectFact(a, obj, f) },
		ImportPackageFact: r.importPackageFact,
		ExportPackageFact: func(f analysis.Fact) { r.exportPackageFact(a, f) },
		AllObjectFacts:    func() []analysis.ObjectFact { return r.allObjectFacts(a) },
		AllPackageFacts:   func() []analysis.PackageFact { return r.allPackageFacts(a) },
	}
	func() {
		defer func() {
			if p := recover(); p != nil {
				act.err = fmt.Errorf("analyzer %s failed on %s: %v", a.Name, r.pkg.PkgPath, p)
			}
		}()
		act.result, act.err = a.Run(pass)
	}()
	return act
}

// firstError returns the first error of the analyzers as other than a
// skip. They have all run.
func (r *runner) firstError(as []*analysis.Analyzer) error {
	for _, a := range as {
		if act := r.actions[a]; act != nil && act.err != nil && !errors.Is(act.err, errSkipped) {
			return act.err
		}
	}
	return nil
}

func module(m *packages.Module) *analysis.Module {
	if m == nil {
		return nil
	}
	return &analysis.Module{Path: m.Path, Version: m.Version, GoVersion: m.GoVersion}
}

// readFile returns the text of the named file: its unsaved buffer if
// overlay has one, else what is on disk.
func readFile(name string, overlay map[string][]byte) ([]byte, error) {
	if b, ok := overlay[name]; ok {
		return b, nil
	}
	return os.ReadFile(name)
}

func (r *runner) own(obj types.Object) bool {
	return obj != nil && obj.Pkg() != nil && obj.Pkg() == r.pkg.Types
}

func (r *runner) importObjectFact(obj types.Object, ptr analysis.Fact) bool {
	if obj == nil || obj.Pkg() == nil {
		return false
	}
	t := reflect.TypeOf(ptr)
	var fact analysis.Fact
	r.mu.Lock()
	if r.own(obj) {
		fact = r.objFacts[objFactKey{obj, t}]
	} else if pf := r.deps[obj.Pkg().Path()]; pf != nil && len(pf.objs) > 0 {
		if path, err := r.enc.For(obj); err == nil {
			fact = pf.objs[factKey{path, t}]
		}
	}
	r.mu.Unlock()
	if fact == nil {
		return false
	}
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem())
	return true
}

// exportObjectFact records a's fact about obj. A fact about another
// package's object could not travel to the packages that import this one
// under any driver: like the checker, it panics, which run turns into
// the analyzer's error.
func (r *runner) exportObjectFact(a *analysis.Analyzer, obj types.Object, fact analysis.Fact) {
	if !r.own(obj) {
		panic(fmt.Sprintf("internal error: in analysis %s of package %s: Fact.Set(%s, %T): can't set facts on objects belonging another package",
			a.Name, r.pkg.PkgPath, obj, fact))
	}
	fact = r.checked(a, fact)
	r.mu.Lock()
	r.objFacts[objFactKey{obj, reflect.TypeOf(fact)}] = fact
	r.mu.Unlock()
}

func (r *runner) exportPackageFact(a *analysis.Analyzer, fact analysis.Fact) {
	fact = r.checked(a, fact)
	r.mu.Lock()
	r.pkgFacts[reflect.TypeOf(fact)] = fact
	r.mu.Unlock()
}

// checked returns fact, or with sanity checks on, its copy after a
// round trip through gob, which other drivers (go vet, golangci-lint)
// use to pass facts between processes: it panics if the encoding differs
// between two runs or the copy differs from fact.
func (r *runner) checked(a *analysis.Analyzer, fact analysis.Fact) analysis.Fact {
	if !r.sanity {
		return fact
	}
	decoded, err := factcheck.RoundTrip(fact)
	if err != nil {
		panic(fmt.Sprintf("internal error: in analysis %s of package %s: %v", a.Name, r.pkg.PkgPath, err))
	}
	return decoded
}

func (r *runner) importPackageFact(pkg *types.Package, ptr analysis.Fact) bool {
	if pkg == nil {
		return false
	}
	t := reflect.TypeOf(ptr)
	var fact analysis.Fact
	if pkg == r.pkg.Types {
		r.mu.Lock()
		fact = r.pkgFacts[t]
		r.mu.Unlock()
	} else if pf := r.deps[pkg.Path()]; pf != nil {
		fact = pf.pkgs[t]
	}
	if fact == nil {
		return false
	}
	reflect.ValueOf(ptr).Elem().Set(reflect.ValueOf(fact).Elem())
	return true
}

func factTypes(a *analysis.Analyzer) map[reflect.Type]bool {
	m := map[reflect.Type]bool{}
	for _, f := range a.FactTypes {
		m[reflect.TypeOf(f)] = true
	}
	return m
}

// allObjectFacts returns a's object facts of this package and of every
// dependency whose objects are visible in this package's type graph.
func (r *runner) allObjectFacts(a *analysis.Analyzer) []analysis.ObjectFact {
	r.mu.Lock()
	defer r.mu.Unlock()
	want := factTypes(a)
	var out []analysis.ObjectFact
	for k, f := range r.objFacts {
		if want[k.typ] {
			out = append(out, analysis.ObjectFact{Object: k.obj, Fact: f})
		}
	}
	for path, pf := range r.deps {
		tp := r.view[path]
		if tp == nil {
			continue
		}
		for k, f := range pf.objs {
			if !want[k.typ] {
				continue
			}
			if obj, err := objectpath.Object(tp, k.path); err == nil {
				out = append(out, analysis.ObjectFact{Object: obj, Fact: f})
			}
		}
	}
	slices.SortFunc(out, func(x, y analysis.ObjectFact) int {
		return cmp.Or(cmp.Compare(x.Object.Pkg().Path(), y.Object.Pkg().Path()), cmp.Compare(x.Object.Pos(), y.Object.Pos()))
	})
	return out
}

// allPackageFacts returns a's package facts of this package and of all
// cached dependencies. A dependency that is not visible in the type graph
// (an indirect dependency no exported type mentions) gets a stand-in
// package, so facts keyed by import path still arrive.
func (r *runner) allPackageFacts(a *analysis.Analyzer) []analysis.PackageFact {
	r.mu.Lock()
	defer r.mu.Unlock()
	want := factTypes(a)
	var out []analysis.PackageFact
	for t, f := range r.pkgFacts {
		if want[t] {
			out = append(out, analysis.PackageFact{Package: r.pkg.Types, Fact: f})
		}
	}
	for path, pf := range r.deps {
		for t, f := range pf.pkgs {
			if !want[t] {
				continue
			}
			tp := r.view[path]
			if tp == nil {
				if tp = r.synthetic[path]; tp == nil {
					tp = types.NewPackage(path, pf.name)
					r.synthetic[path] = tp
				}
			}
			out = append(out, analysis.PackageFact{Package: tp, Fact: f})
		}
	}
	slices.SortFunc(out, func(x, y analysis.PackageFact) int {
		return cmp.Compare(x.Package.Path(), y.Package.Path())
	})
	return out
}

// diagnostics converts the root analyzers' diagnostics to byte offsets,
// dropping fixes with edits outside the diagnostic's file.
func (r *runner) diagnostics() []Diagnostic {
	var out []Diagnostic
	for _, a := range r.rootOrder { // each once: see run
		act := r.actions[a]
		if act == nil {
			continue
		}
		for _, d := range act.diags {
			if conv, ok := r.convert(a, d); ok {
				out = append(out, conv)
			}
		}
	}
	slices.SortStableFunc(out, func(x, y Diagnostic) int {
		return cmp.Or(cmp.Compare(x.File, y.File), cmp.Compare(x.Start, y.Start))
	})
	return out
}

func (r *runner) convert(a *analysis.Analyzer, d analysis.Diagnostic) (Diagnostic, bool) {
	fset := r.pkg.Fset
	tf := fset.File(d.Pos)
	if tf == nil {
		return Diagnostic{}, false
	}
	start := tf.Offset(d.Pos)
	end := start
	if d.End.IsValid() && fset.File(d.End) == tf {
		end = tf.Offset(d.End)
	}
	url := d.URL
	if url == "" {
		url = a.URL
	}
	out := Diagnostic{
		File: tf.Name(), Start: start, End: end, Severity: Warning,
		Analyzer: a.Name, Category: d.Category, URL: url, Message: d.Message,
	}
	if p := fset.Position(d.Pos); p.Filename != tf.Name() {
		// The analyzer saw cmd/cgo's copy of a file that imports "C":
		// its line directives lead back to the user's file, where the
		// other drivers report too. Its fixes would edit the copy.
		src, err := readFile(p.Filename, r.overlay)
		if err != nil {
			return out, true // the copy's position is all there is
		}
		out.File, out.Start = p.Filename, lineColOffset(src, p.Line, p.Column)
		out.End = out.Start
		if e := fset.Position(d.End); d.End.IsValid() && e.Filename == p.Filename {
			out.End = max(out.Start, lineColOffset(src, e.Line, e.Column))
		}
		return out, true
	}
fixes:
	for _, sf := range d.SuggestedFixes {
		fix := Fix{Message: sf.Message}
		for _, e := range sf.TextEdits {
			ef := fset.File(e.Pos)
			if ef != tf {
				continue fixes
			}
			s := ef.Offset(e.Pos)
			en := s
			if e.End.IsValid() {
				if fset.File(e.End) != tf {
					continue fixes
				}
				en = tf.Offset(e.End)
			}
			fix.Edits = append(fix.Edits, Edit{Start: s, End: en, NewText: string(e.NewText)})
		}
		out.Fixes = append(out.Fixes, fix)
	}
	return out, true
}
