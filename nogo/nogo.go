// Package nogo is factoryscope's entry point for Bazel's rules_go nogo:
// a nogo target lists this package in its deps and runs [Analyzer], named
// factoryscope, on every Go package of the build.
//
// nogo takes an analyzer's configuration only from the analyzer_flags of
// its JSON config, and sets them after the package's variables are
// initialised. The -settings flag holds factoryscope's configuration as
// JSON, in the schema of every other driver (rules, constructors,
// test-constructors, phases). It is read when the analyzer first runs, not
// when it is built; nothing is read from a file or the working directory
// (dotless import paths such as "app/lib.Get" are accepted unchecked: a
// Bazel build need not have a go.mod). Without the flag, only source directives apply.
//
// The suite is built from the settings, but nogo needs the Requires graph
// of [Analyzer] before any flag is set. So the graph is made of stand-ins:
// one for each of the suite's fact passes, with the pass's name, fact
// types and result type, whose Run builds the suite from -settings (once
// for each value of the flag) and runs the real pass on the same
// analysis.Pass. Facts go through nogo's fact mechanism, exported and
// imported by the stand-ins, which declare the real passes' fact types.
// The passes that do not depend on the settings (inspect, directive,
// ctors) are required as they are.
package nogo

import (
	"errors"
	"flag"
	"fmt"
	"slices"
	"sync"

	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/internal/passgraph"
)

// Name is the analyzer's name: the key of its entry in the nogo config.
const Name = "factoryscope"

// Analyzer runs factoryscope's whole suite, configured by its -settings
// flag. nogo takes each dependency package's Analyzer variable, so this is
// the one a nogo target uses; tests build their own with [New].
var Analyzer = New()

// New returns a fresh factoryscope analyzer with its own -settings flag
// and its own stand-ins for the fact passes: two analyzers from New never
// share settings or state.
func New() *analysis.Analyzer {
	t := &suite{}
	t.Flags.StringVar(&t.flag, "settings", "",
		"factoryscope's configuration as JSON (keys rules, constructors, test-constructors, phases); empty: source directives only")
	t.graph()
	a := &analysis.Analyzer{
		Name: Name,
		Doc: "flags uses of process-wide singletons and suggests per-request replacements\n\n" +
			"factoryscope's whole suite, for rules_go nogo. The -settings flag holds the\n" +
			"configuration as JSON (the schema of factoryscope -help); without it only\n" +
			"//factoryscope:singleton source directives apply.",
		URL:       "https://github.com/factoryscope/factoryscope/blob/main/docs/bazel.md#bazel-nogo",
		Flags:     t.Flags,
		Requires:  t.rootRequires,
		FactTypes: t.rootFacts,
		Run:       t.runRoots,
	}
	t.root = a
	return a
}

// suite is the state of one analyzer from New.
type suite struct {
	Flags flag.FlagSet
	flag  string // -settings

	root *analysis.Analyzer
	// The template: the suite built from the empty configuration. Its
	// analyzers that are the same in every build (inspect, directive,
	// ctors) are static; the others depend on the settings.
	static       map[*analysis.Analyzer]bool
	order        []*analysis.Analyzer // the template's dynamic analyzers, depth first
	standIns     []*analysis.Analyzer // the stand-in of each, same order
	rootRequires []*analysis.Analyzer
	rootFacts    []analysis.Fact
	nroots       int

	mu    sync.Mutex
	built *build // of the flag's value built.key
}

// build is the suite built from one value of -settings.
type build struct {
	key   string
	err   error
	roots []*analysis.Analyzer
	// real maps a stand-in to the analyzer it stands in for; standIn is
	// the reverse.
	real    map[*analysis.Analyzer]*analysis.Analyzer
	standIn map[*analysis.Analyzer]*analysis.Analyzer
}

// walk visits the analyzers required by roots, depth first, each once,
// dependencies before dependents.
func walk(roots []*analysis.Analyzer, visit func(*analysis.Analyzer)) {
	var reqs []*analysis.Analyzer
	for _, a := range roots {
		reqs = append(reqs, a.Requires...)
	}
	passgraph.Walk(reqs, visit)
}

// graph builds the stand-ins from the suite of the empty configuration.
// An analyzer that two builds share is static and required as it is.
func (t *suite) graph() {
	one, err1 := analyzer.New(analyzer.Config{}, "")
	two, err2 := analyzer.New(analyzer.Config{}, "")
	if err := errors.Join(err1, err2); err != nil {
		panic("factoryscope/nogo: the empty configuration: " + err.Error())
	}
	t.static = map[*analysis.Analyzer]bool{}
	walk(two, func(a *analysis.Analyzer) { t.static[a] = true })
	var all []*analysis.Analyzer
	walk(one, func(a *analysis.Analyzer) { all = append(all, a) })
	standIn := map[*analysis.Analyzer]*analysis.Analyzer{}
	mapped := func(list []*analysis.Analyzer) []*analysis.Analyzer {
		var out []*analysis.Analyzer
		for _, r := range list {
			if s := standIn[r]; s != nil {
				r = s
			}
			if !slices.Contains(out, r) {
				out = append(out, r)
			}
		}
		return out
	}
	for _, a := range all {
		if t.static[a] {
			continue
		}
		i := len(t.order)
		s := &analysis.Analyzer{
			Name:       a.Name,
			Doc:        a.Doc,
			URL:        a.URL,
			Requires:   mapped(a.Requires),
			FactTypes:  a.FactTypes,
			ResultType: a.ResultType,
			Run:        func(pass *analysis.Pass) (any, error) { return t.runStandIn(i, pass) },
		}
		standIn[a] = s
		t.order = append(t.order, a)
		t.standIns = append(t.standIns, s)
	}
	var reqs []*analysis.Analyzer
	for _, a := range one {
		reqs = append(reqs, a.Requires...)
		t.rootFacts = append(t.rootFacts, a.FactTypes...)
	}
	t.rootRequires = mapped(reqs)
	t.nroots = len(one)
}

// current returns the suite built from the flag's current value.
func (t *suite) current() *build {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.built != nil && t.built.key == t.flag {
		return t.built
	}
	b := &build{key: t.flag}
	t.built = b
	cfg, err := analyzer.Decode([]byte(t.flag))
	var roots analyzer.Suite
	if err == nil {
		// No module to validate for: a Bazel build has import paths
		// but need not have a go.mod, and the working directory is the
		// sandbox's, so dotless paths ("app/lib") are accepted.
		roots, err = analyzer.New(cfg, "")
	}
	if err != nil {
		b.err = fmt.Errorf("-settings: %w", err)
		return b
	}
	b.roots = roots
	b.real = map[*analysis.Analyzer]*analysis.Analyzer{}
	b.standIn = map[*analysis.Analyzer]*analysis.Analyzer{}
	var dynamic []*analysis.Analyzer
	walk(roots, func(a *analysis.Analyzer) {
		if !t.static[a] {
			dynamic = append(dynamic, a)
		}
	})
	if len(dynamic) != len(t.order) || len(roots) != t.nroots {
		b.err = fmt.Errorf("internal error: the suite for -settings has %d passes, the empty configuration's %d", len(dynamic), len(t.order))
		return b
	}
	for i, a := range dynamic {
		if a.Name != t.order[i].Name {
			b.err = fmt.Errorf("internal error: pass %d of the suite for -settings is %s, the empty configuration's %s", i, a.Name, t.order[i].Name)
			return b
		}
		b.real[t.standIns[i]] = a
		b.standIn[a] = t.standIns[i]
	}
	return b
}

// runStandIn runs the i-th dynamic pass of the current build.
func (t *suite) runStandIn(i int, pass *analysis.Pass) (any, error) {
	b := t.current()
	if b.err != nil {
		return nil, b.err
	}
	return b.real[t.standIns[i]].Run(b.passFor(b.real[t.standIns[i]], pass))
}

// runRoots runs the suite's analyzers on the root's pass: their
// diagnostics are factoryscope's.
func (t *suite) runRoots(pass *analysis.Pass) (any, error) {
	b := t.current()
	if b.err != nil {
		return nil, b.err
	}
	for _, a := range b.roots {
		if _, err := a.Run(b.passFor(a, pass)); err != nil {
			return nil, err
		}
	}
	return nil, nil
}

// passFor returns a copy of pass for the real analyzer a, whose ResultOf
// maps each of a's requirements to the result of the analyzer the driver
// ran for it: the requirement itself, or its stand-in.
func (b *build) passFor(a *analysis.Analyzer, pass *analysis.Pass) *analysis.Pass {
	p := *pass
	p.Analyzer = a
	p.ResultOf = make(map[*analysis.Analyzer]any, len(a.Requires))
	for _, r := range a.Requires {
		from := r
		if s := b.standIn[r]; s != nil {
			from = s
		}
		p.ResultOf[r] = pass.ResultOf[from]
	}
	return &p
}
