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

// corpusRules make every package that imports context or log/slog a place
// the suite searches for wrappers and holders and resolves a rule in. Each
// fits the replacement contract: context.WithoutCancel(parent Context)
// Context and slog.New(h Handler) *Logger take the per-request value and
// nothing else. log.Default has no replacement of that shape in std.
var corpusRules = []analyzer.Rule{
	{Singleton: "context.Background", Replacement: "context.WithoutCancel"},
	{Singleton: "context.TODO", Replacement: "context.WithoutCancel"},
	{Singleton: "log/slog.Default", Replacement: "log/slog.New"},
}

// BenchmarkCorpus compares the CPU time of the whole suite (analyzer.New
// with corpusRules) on the standard library and golang.org/x/tools with
// that of a baseline pass doing only the singleton pass's core loop: every
// identifier, its TypesInfo.Uses object, one map lookup. Issue 8 asks the
// ratio to stay within 1.3.
//
//	go test -run '^$' -bench Corpus -benchtime 3x ./passes/singleton/
//
// The corpus is loaded once per process, outside the timed region; each
// iteration runs both, in alternating order, over the same packages with
// checker.Analyze (facts flow in dependency order). CPU is the process's
// user+system time (getrusage) around each run, all goroutines included.
// The heap is collected before each run, so neither is charged for the
// other's garbage; with the corpus's large live heap a run's own garbage
// seldom starts a GC cycle, so compare the alloc metrics too. ns/op is the
// wall time of both runs together.
// Metrics: suite-cpu-ms/op, baseline-cpu-ms/op, suite/baseline (the CPU
// ratio), the wall times and their ratio, the bytes each run allocates,
// the corpus size, the suite's diagnostics and singletonderived facts, and
// the process's peak RSS.
func BenchmarkCorpus(b *testing.B) {
	if testing.Short() {
		b.Skip("loads the standard library and golang.org/x/tools from source")
	}
	c, err := loadCorpus()
	if err != nil {
		b.Skipf("corpus not loadable here (it needs golang.org/x/tools in the module cache; no network is used): %v", err)
	}
	cfg := analyzer.Config{Rules: corpusRules}
	suite, err := analyzer.New(cfg)
	if err != nil {
		b.Fatal(err)
	}
	base := []*analysis.Analyzer{newBaseline(c.targets)}
	// One untimed run of each first: the first analysis of freshly loaded
	// packages pays for type information the checker computes lazily.
	runCorpus(b, suite, c.pkgs)
	runCorpus(b, base, c.pkgs)
	var suiteSum, baseSum corpusCost
	var last *checker.Graph
	i := 0
	for b.Loop() {
		var sc, bc corpusCost
		if i%2 == 0 {
			last, sc = runCorpus(b, suite, c.pkgs)
			_, bc = runCorpus(b, base, c.pkgs)
		} else {
			_, bc = runCorpus(b, base, c.pkgs)
			last, sc = runCorpus(b, suite, c.pkgs)
		}
		i++
		b.Logf("run %d: suite/baseline cpu %.2f wall %.2f; suite %v, baseline %v", i,
			sc.cpu.Seconds()/bc.cpu.Seconds(), sc.wall.Seconds()/bc.wall.Seconds(), sc, bc)
		suiteSum.add(sc)
		baseSum.add(bc)
	}
	n := float64(i)
	b.ReportMetric(suiteSum.cpu.Seconds()*1e3/n, "suite-cpu-ms/op")
	b.ReportMetric(baseSum.cpu.Seconds()*1e3/n, "baseline-cpu-ms/op")
	b.ReportMetric(suiteSum.cpu.Seconds()/baseSum.cpu.Seconds(), "suite/baseline")
	b.ReportMetric(suiteSum.wall.Seconds()*1e3/n, "suite-wall-ms/op")
	b.ReportMetric(baseSum.wall.Seconds()*1e3/n, "baseline-wall-ms/op")
	b.ReportMetric(suiteSum.wall.Seconds()/baseSum.wall.Seconds(), "suite/baseline-wall")
	b.ReportMetric(float64(suiteSum.alloc)/n/(1<<20), "suite-alloc-MB/op")
	b.ReportMetric(float64(baseSum.alloc)/n/(1<<20), "baseline-alloc-MB/op")
	b.ReportMetric(float64(len(c.pkgs)), "pkgs")
	diags, facts := suiteOutput(last)
	b.ReportMetric(float64(diags), "diagnostics")
	b.ReportMetric(float64(facts), "derived-facts")
	b.ReportMetric(peakRSSMB(), "peak-RSS-MB")
}

// corpus is the loaded standard library and golang.org/x/tools.
type corpus struct {
	pkgs    []*packages.Package // every package loaded without errors, dependencies included
	targets []types.Object      // the rules' singletons, for the baseline's map
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
		for _, r := range corpusRules {
			ref, err := objref.Parse(r.Singleton)
			if err == nil && p.PkgPath == ref.Path {
				c.targets = append(c.targets, p.Types.Scope().Lookup(ref.Name))
			}
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
}

// corpusOptions run the analyzers on one goroutine at a time: with the
// checker's goroutine per action, idle threads of the scheduler spinning
// for work add CPU time that depends on timing, not on the analyzers.
var corpusOptions = &checker.Options{Sequential: os.Getenv("CORPUS_PARALLEL") == ""}

// runCorpus collects the heap, then runs analyzers on pkgs and returns
// their results with the process CPU time, wall time and bytes allocated.
func runCorpus(b *testing.B, analyzers []*analysis.Analyzer, pkgs []*packages.Package) (*checker.Graph, corpusCost) {
	b.Helper()
	runtime.GC()
	var m0, m1 runtime.MemStats
	runtime.ReadMemStats(&m0)
	ru0, wall0 := rusage(b), time.Now()
	g, err := checker.Analyze(analyzers, pkgs, corpusOptions)
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
	return g, corpusCost{
		cpu:    time.Duration(ru1.Utime.Nano() + ru1.Stime.Nano() - ru0.Utime.Nano() - ru0.Stime.Nano()),
		sys:    time.Duration(ru1.Stime.Nano() - ru0.Stime.Nano()),
		wall:   wall,
		alloc:  m1.TotalAlloc - m0.TotalAlloc,
		gcs:    m1.NumGC - m0.NumGC,
		faults: int64(ru1.Minflt+ru1.Majflt) - int64(ru0.Minflt+ru0.Majflt),
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

// suiteOutput counts the diagnostics of a suite run and the objects for
// which it exported a Derived fact, each in its own package.
func suiteOutput(g *checker.Graph) (diags, facts int) {
	for act := range g.All() {
		diags += len(act.Diagnostics)
		if !slices.ContainsFunc(act.Analyzer.FactTypes, isDerived) {
			continue
		}
		for _, f := range act.AllObjectFacts() {
			if _, ok := f.Fact.(*singleton.Derived); ok && f.Object.Pkg() == act.Package.Types {
				facts++
			}
		}
	}
	return diags, facts
}

func isDerived(f analysis.Fact) bool {
	_, ok := f.(*singleton.Derived)
	return ok
}
