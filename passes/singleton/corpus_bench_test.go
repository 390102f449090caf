//go:build unix

package singleton_test

import (
	"errors"
	"fmt"
	"go/ast"
	"go/types"
	"os"
	"reflect"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/analysis/passes/inspect"
	"golang.org/x/tools/go/ast/inspector"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/internal/objref"
	"github.com/factoryscope/factoryscope/passes/singleton"
)

// corpusRules make the packages that declare or import context, log/slog
// or fmt (about half of the corpus) places where the suite resolves rules
// and searches for wrappers and holders. Each has the shape the
// replacement contract asks for, which is all a benchmark needs:
// context.WithoutCancel(parent Context) Context and slog.New(h Handler)
// *Logger take the per-request value alone, fmt.Sprintf(format string,
// a ...any) takes a string and then fmt.Sprint's parameters. (log.Default
// has no replacement of that shape in std.)
var corpusRules = []analyzer.Rule{
	{Singleton: "context.Background", Replacement: "context.WithoutCancel"},
	{Singleton: "context.TODO", Replacement: "context.WithoutCancel"},
	{Singleton: "log/slog.Default", Replacement: "log/slog.New"},
	{Singleton: "fmt.Sprint", Replacement: "fmt.Sprintf"},
}

// BenchmarkCorpus compares the CPU time of the whole suite (analyzer.New
// with corpusRules) on the standard library and golang.org/x/tools with
// that of a baseline pass doing only the singleton pass's core loop: every
// identifier, its TypesInfo.Uses object, one map lookup. Issue 8 asks the
// ratio to stay within 1.3.
//
//	go test -run '^$' -bench Corpus -benchtime 3x ./passes/singleton/
//
// The corpus is loaded once per process, outside the timed region. Each
// iteration runs the suite, the baseline and, for scale, inspect.Analyzer
// alone (which both require: building the inspector is most of the
// baseline), in alternating order, over the same packages with
// checker.Analyze: facts flow in dependency order, one action at a time
// (with a goroutine per action, threads spinning for work add CPU time
// that depends on timing, not on the analyzers). CPU is the process's
// user+system time (getrusage) around each run. The heap is collected
// before each run, so no run is charged for another's garbage; with the
// corpus's large live heap a run's own garbage seldom starts a GC cycle,
// so compare the alloc metrics too. Each iteration is logged; ns/op
// covers all three runs and the collections between them, so it is not
// one of the measures.
func BenchmarkCorpus(b *testing.B) {
	if testing.Short() {
		b.Skip("loads the standard library and golang.org/x/tools from source")
	}
	c, err := loadCorpus()
	if err != nil {
		b.Skipf("corpus not loadable here (it needs golang.org/x/tools in the module cache; no network is used): %v", err)
	}
	suite, err := analyzer.New(analyzer.Config{Rules: corpusRules}, "")
	if err != nil {
		b.Fatal(err)
	}
	runs := []*corpusRun{
		{name: "suite", analyzers: suite},
		{name: "baseline", analyzers: []*analysis.Analyzer{newBaseline(c.targets)}},
		{name: "inspect", analyzers: []*analysis.Analyzer{inspect.Analyzer}},
	}
	// One untimed run of each first: it maps the heap they all need.
	for _, r := range runs {
		runCorpus(b, r.analyzers, c.pkgs)
	}
	n := 0
	for b.Loop() {
		n++
		order := slices.Clone(runs)
		if n%2 == 0 {
			slices.Reverse(order)
		}
		for _, r := range order {
			r.last = runCorpus(b, r.analyzers, c.pkgs)
			r.sum.add(r.last)
		}
		s, base := runs[0].last, runs[1].last
		b.Logf("run %d: suite/baseline cpu %.2f wall %.2f; suite %v; baseline %v; inspect %v", n,
			s.cpu.Seconds()/base.cpu.Seconds(), s.wall.Seconds()/base.wall.Seconds(), s, base, runs[2].last)
	}
	for _, r := range runs {
		b.ReportMetric(r.sum.cpu.Seconds()*1e3/float64(n), r.name+"-cpu-ms/op")
		b.ReportMetric(r.sum.wall.Seconds()*1e3/float64(n), r.name+"-wall-ms/op")
		b.ReportMetric(float64(r.sum.alloc)/float64(n)/(1<<20), r.name+"-alloc-MB/op")
	}
	s, base := runs[0].sum, runs[1].sum
	b.ReportMetric(s.cpu.Seconds()/base.cpu.Seconds(), "suite/baseline")
	b.ReportMetric(s.wall.Seconds()/base.wall.Seconds(), "suite/baseline-wall")
	b.ReportMetric(float64(len(c.pkgs)), "pkgs")
	b.ReportMetric(float64(c.near), "rule-pkgs")
	b.ReportMetric(float64(runs[0].last.diags), "diagnostics")
	b.ReportMetric(float64(runs[0].last.facts), "derived-facts")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
}

// corpusRun is one set of analyzers that BenchmarkCorpus runs.
type corpusRun struct {
	name      string
	analyzers []*analysis.Analyzer
	last, sum corpusCost
}

// corpus is the loaded standard library and golang.org/x/tools.
type corpus struct {
	pkgs    []*packages.Package // every package loaded without errors, dependencies included
	targets []types.Object      // the rules' singletons, for the baseline's map
	near    int                 // packages that are or import the package of a rule's singleton
}

// loadCorpus loads the corpus once per process: the benchmark function runs
// again for each -count.
var loadCorpus = sync.OnceValues(func() (*corpus, error) {
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax | packages.NeedModule,
		// The module's go.sum pins x/tools; never reach the network.
		Env: append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly", "GOWORK=off"),
	}
	roots, err := packages.Load(cfg, "std", "golang.org/x/tools/...")
	if err != nil {
		return nil, err
	}
	// Keep the packages that, with all their dependencies, load without
	// errors (a few x/tools commands need modules this one does not
	// require), and analyze all of them, dependencies included, so the
	// baseline and the suite cover the same packages.
	bad := map[*packages.Package]bool{}
	c := &corpus{}
	xtools := 0
	packages.Visit(roots, nil, func(p *packages.Package) {
		bad[p] = len(p.Errors) > 0 || p.IllTyped
		for _, q := range p.Imports {
			bad[p] = bad[p] || bad[q]
		}
		if bad[p] {
			return
		}
		c.pkgs = append(c.pkgs, p)
		if p.Module != nil && p.Module.Path == "golang.org/x/tools" {
			xtools++
		}
		near := false
		for _, r := range corpusRules {
			ref, err := objref.Parse(r.Singleton)
			if err != nil {
				continue
			}
			if p.PkgPath == ref.Path {
				c.targets = append(c.targets, p.Types.Scope().Lookup(ref.Name))
			}
			near = near || p.PkgPath == ref.Path || p.Imports[ref.Path] != nil
		}
		if near {
			c.near++
		}
	})
	if xtools == 0 {
		return nil, errors.New("no package of golang.org/x/tools loaded without errors")
	}
	return c, nil
})

// newBaseline returns a pass that does what the singleton pass's core loop
// costs and nothing else: in each file, every identifier, its object from
// TypesInfo.Uses (a func's origin) and a lookup of that object in a map.
// Its result is the number of hits.
func newBaseline(targets []types.Object) *analysis.Analyzer {
	want := map[types.Object]bool{}
	for _, obj := range targets {
		want[obj] = true
	}
	return &analysis.Analyzer{
		Name:       "identuses",
		Doc:        "identuses looks up the object of every identifier (the baseline of BenchmarkCorpus)",
		Requires:   []*analysis.Analyzer{inspect.Analyzer},
		ResultType: reflect.TypeFor[int](),
		Run: func(pass *analysis.Pass) (any, error) {
			in := pass.ResultOf[inspect.Analyzer].(*inspector.Inspector)
			hits := 0
			for fc := range in.Root().Children() {
				for c := range fc.Preorder((*ast.Ident)(nil)) {
					obj := pass.TypesInfo.Uses[c.Node().(*ast.Ident)]
					if fn, ok := obj.(*types.Func); ok {
						obj = fn.Origin()
					}
					if want[obj] {
						hits++
					}
				}
			}
			return hits, nil
		},
	}
}

// corpusCost is the cost of analyzing the corpus.
type corpusCost struct {
	cpu, sys, wall time.Duration // cpu includes sys
	alloc          uint64        // bytes
	gcs            uint32        // GC cycles that ended during the run
	faults         int64         // page faults
	diags, facts   int           // diagnostics, and Derived facts of their own package's objects
}

func (c corpusCost) String() string {
	ms := func(d time.Duration) time.Duration { return d.Round(time.Millisecond) }
	return fmt.Sprintf("cpu %v (sys %v) wall %v, %d MB allocated, %d GC, %d page faults",
		ms(c.cpu), ms(c.sys), ms(c.wall), c.alloc>>20, c.gcs, c.faults)
}

func (c *corpusCost) add(d corpusCost) {
	c.cpu += d.cpu
	c.sys += d.sys
	c.wall += d.wall
	c.alloc += d.alloc
	c.gcs += d.gcs
	c.faults += d.faults
	c.diags += d.diags
	c.facts += d.facts
}

// runCorpus collects the heap, then runs analyzers on pkgs and returns
// the process CPU time, wall time and bytes allocated, and what the run
// found. It keeps nothing of the run: memory that one run holds on to
// would make the next one map fresh pages, and pay for their faults.
func runCorpus(b *testing.B, analyzers []*analysis.Analyzer, pkgs []*packages.Package) corpusCost {
	b.Helper()
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	ru0, wall0 := rusage(b), time.Now()
	g, err := checker.Analyze(analyzers, pkgs, &checker.Options{Sequential: true})
	wall, ru1 := time.Since(wall0), rusage(b)
	runtime.ReadMemStats(&m1)
	if err != nil {
		b.Fatal(err)
	}
	for _, act := range g.Roots {
		if act.Err != nil {
			b.Fatalf("%s: %v", act, act.Err)
		}
	}
	diags, facts := corpusOutput(g)
	return corpusCost{
		diags:  diags,
		facts:  facts,
		cpu:    time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano()),
		sys:    time.Duration(ru1.Stime.Nano() - ru0.Stime.Nano()),
		wall:   wall,
		alloc:  m1.TotalAlloc - m0.TotalAlloc,
		gcs:    m1.NumGC - m0.NumGC,
		faults: count(ru1.Minflt-ru0.Minflt) + count(ru1.Majflt-ru0.Majflt),
	}
}

// rusage is the resources the process has used so far.
func rusage(b *testing.B) *syscall.Rusage {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return &ru
}

// count converts a count of rusage, an int64 or, on some platforms, an
// int32.
func count[T int32 | int64](n T) int64 { return int64(n) }

// peakRSSMB is the process's peak resident set size in MiB.
func peakRSSMB() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	rss := float64(ru.Maxrss) * 1024 // kilobytes on Linux and the BSDs
	if runtime.GOOS == "darwin" || runtime.GOOS == "ios" {
		rss = float64(ru.Maxrss) // bytes
	}
	return rss / (1 << 20)
}

// corpusOutput counts the diagnostics of a run and the objects for which
// it exported a Derived fact, each in its own package.
func corpusOutput(g *checker.Graph) (diags, facts int) {
	for act := range g.All() {
		diags += len(act.Diagnostics)
		if !slices.ContainsFunc(act.Analyzer.FactTypes, isDerived) {
			continue
		}
		for _, f := range act.AllObjectFacts() {
			if _, ok := f.Fact.(*singleton.DerivedFact); ok && f.Object.Pkg() == act.Package.Types {
				facts++
			}
		}
	}
	return diags, facts
}

func isDerived(f analysis.Fact) bool {
	_, ok := f.(*singleton.DerivedFact)
	return ok
}
