//go:build unix

package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/analyzer"
)

// reportBenchConfig is the rule of issue 9's benchmark: in std and
// golang.org/x/tools, context.Background has thousands of uses.
var reportBenchConfig = analyzer.Config{
	Rules: []analyzer.Rule{{Singleton: "context.Background", Replacement: "context.WithoutCancel"}},
}

// BenchmarkReport compares factoryscope report with the plain diagnostic
// run on the standard library and golang.org/x/tools, their tests
// included as the CLI includes them, with the rule context.Background ->
// context.WithoutCancel.
// Both are what the CLI does after loading the packages, which they share
// (go/packages, once per process, outside the timed region): the one
// analysis run (checker.Analyze with the suite), then for the plain run
// the diagnostics printed as text, for report the inventory built (the
// sites' positions, phases, enclosing functions and source lines) and
// printed as text and as JSON. Issue 9 asks report/plain to stay within
// 1.2.
//
//	go test -run '^$' -bench Report -benchtime 6x ./cmd/factoryscope/
//
// Each iteration runs both, in alternating order, after collecting the
// heap. The analysis runs one action at a time (checker's Sequential
// option), so the CPU time does not depend on how busy the machine is;
// cpu is the process's user+system time (getrusage), wall the elapsed
// time. Each iteration is logged.
func BenchmarkReport(b *testing.B) {
	if testing.Short() {
		b.Skip("loads the standard library and golang.org/x/tools from source")
	}
	pkgs, err := loadReportCorpus()
	if err != nil {
		b.Skipf("corpus not loadable here (it needs golang.org/x/tools in the module cache; no network is used): %v", err)
	}
	suite, err := analyzer.New(reportBenchConfig, "")
	if err != nil {
		b.Fatal(err)
	}
	runs := []*benchRun{
		{name: "plain", output: func(g *checker.Graph) (int, error) {
			n := 0
			for _, act := range g.Roots {
				n += len(act.Diagnostics)
			}
			return n, g.PrintText(io.Discard, -1)
		}},
		{name: "report", output: func(g *checker.Graph) (int, error) {
			rep, err := buildReport(g, reportBenchConfig, nil)
			if err == nil {
				err = rep.WriteText(io.Discard)
			}
			if err == nil {
				err = rep.WriteJSON(io.Discard)
			}
			return len(rep.Sites), err
		}},
	}
	for _, r := range runs { // untimed: it maps the heap both need
		r.run(b, suite, pkgs)
	}
	n := 0
	for b.Loop() {
		n++
		order := slices.Clone(runs)
		if n%2 == 0 {
			slices.Reverse(order)
		}
		for _, r := range order {
			c := r.run(b, suite, pkgs)
			r.cpu += c.cpu
			r.wall += c.wall
			r.last = c
		}
		p, r := runs[0].last, runs[1].last
		b.Logf("run %d: report/plain cpu %.3f wall %.3f; plain %v; report %v", n,
			r.cpu.Seconds()/p.cpu.Seconds(), r.wall.Seconds()/p.wall.Seconds(), p, r)
	}
	for _, r := range runs {
		b.ReportMetric(r.cpu.Seconds()*1e3/float64(n), r.name+"-cpu-ms/op")
		b.ReportMetric(r.wall.Seconds()*1e3/float64(n), r.name+"-wall-ms/op")
	}
	b.ReportMetric(runs[1].cpu.Seconds()/runs[0].cpu.Seconds(), "report/plain-cpu")
	b.ReportMetric(runs[1].wall.Seconds()/runs[0].wall.Seconds(), "report/plain-wall")
	b.ReportMetric(float64(len(pkgs)), "pkgs")
	b.ReportMetric(float64(runs[0].last.found), "diagnostics")
	b.ReportMetric(float64(runs[1].last.found), "sites")
}

// benchRun is one way of running the CLI that BenchmarkReport times.
type benchRun struct {
	name      string
	output    func(*checker.Graph) (int, error) // what the run does after the analysis; how many findings
	cpu, wall time.Duration                     // sums over the timed iterations
	last      benchCost
}

type benchCost struct {
	cpu, wall time.Duration
	found     int
}

func (c benchCost) String() string {
	return fmt.Sprintf("cpu %v wall %v, %d found", c.cpu.Round(time.Millisecond), c.wall.Round(time.Millisecond), c.found)
}

// run analyzes pkgs with suite and produces the run's output, and returns
// what it cost. It keeps nothing of the run.
func (r *benchRun) run(b *testing.B, suite analyzer.Suite, pkgs []*packages.Package) benchCost {
	b.Helper()
	runtime.GC()
	cpu0, wall0 := cpuTime(b), time.Now()
	g, err := checker.Analyze(suite, pkgs, &checker.Options{Sequential: true})
	if err != nil {
		b.Fatal(err)
	}
	found, err := r.output(g)
	if err != nil {
		b.Fatal(err)
	}
	c := benchCost{cpu: cpuTime(b) - cpu0, wall: time.Since(wall0), found: found}
	for _, act := range g.Roots {
		if act.Err != nil {
			b.Fatalf("%s: %v", act, act.Err)
		}
	}
	return c
}

// cpuTime is the user+system time the process has used so far.
func cpuTime(b *testing.B) time.Duration {
	b.Helper()
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// loadReportCorpus loads std and golang.org/x/tools/... with their tests
// once per process
// and returns the root packages that, with all their dependencies, load
// without errors (a few x/tools commands need modules this one does not
// require).
var loadReportCorpus = sync.OnceValues(func() ([]*packages.Package, error) {
	cfg := &packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Tests: true, // as the CLI: most uses of context.Background are in tests
		// The module's go.sum pins x/tools; never reach the network.
		Env: append(os.Environ(), "GOPROXY=off", "GOFLAGS=-mod=readonly", "GOWORK=off"),
	}
	roots, err := packages.Load(cfg, "std", "golang.org/x/tools/...")
	if err != nil {
		return nil, err
	}
	bad := make(map[*packages.Package]bool)
	packages.Visit(roots, nil, func(p *packages.Package) {
		bad[p] = len(p.Errors) > 0 || p.IllTyped
		for _, q := range p.Imports {
			bad[p] = bad[p] || bad[q]
		}
	})
	var good []*packages.Package
	xtools := 0
	for _, p := range roots {
		if bad[p] {
			continue
		}
		good = append(good, p)
		if p.Module != nil && p.Module.Path == "golang.org/x/tools" {
			xtools++
		}
	}
	if xtools == 0 {
		return nil, errors.New("no package of golang.org/x/tools loaded without errors")
	}
	return good, nil
})
