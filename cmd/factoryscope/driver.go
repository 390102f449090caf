package main

import (
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"runtime"
	"runtime/pprof"
	"runtime/trace"
	"slices"
	"strconv"
	"strings"
	"time"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/analyzer"
)

// The standalone driver: it loads the packages with go/packages, runs the
// analyzers with x/tools' checker, and prints, or fixes. Its flags and
// exit codes are those of x/tools' multichecker, which factoryscope used
// before; -fix differs (see docs/cli.md). go vet's runs of the
// tool go through multichecker.Main, unchanged (see main).

// Exit codes.
const (
	exitClean    = 0
	exitFailed   = 1 // packages failed to load or analyze, or a file could not be written
	exitUsage    = 2 // bad configuration or command line
	exitFindings = 3 // findings reported, or sites -fix left
)

// options are the driver's flags.
type options struct {
	json, fix, diff, tests        bool
	context                       int
	debug                         string
	cpuprofile, memprofile, trace string
	phases                        phaseList // -phase: report and fix only these phases' files
}

// registerFlags defines the driver's flags on fs, as multichecker does:
// the common flags, -NAME to select analyzers and NAME.flag for each
// analyzer flag, and vet's legacy flags, which do nothing. It returns the
// function that, after parsing, gives the selected analyzers.
func registerFlags(fs *flag.FlagSet, suite analyzer.Suite, opts *options) func() []*analysis.Analyzer {
	enabled := make([]*triState, len(suite))
	for i, a := range suite {
		enabled[i] = new(triState)
		fs.Var(enabled[i], a.Name, fmt.Sprintf("enable %q analysis", a.Name))
		a.Flags.VisitAll(func(f *flag.Flag) { fs.Var(f.Value, a.Name+"."+f.Name, f.Usage) })
	}
	fs.Bool("flags", false, "print analyzer flags in JSON")
	fs.BoolVar(&opts.json, "json", false, "emit JSON output")
	fs.IntVar(&opts.context, "c", -1, "display offending line with this many lines of context")
	fs.BoolVar(&opts.fix, "fix", false, "apply all suggested fixes, then list the sites left without one (exit 3 if any)")
	fs.BoolVar(&opts.diff, "diff", false, "print the fixes as a unified diff and change nothing (implies -fix)")
	fs.BoolVar(&opts.tests, "test", true, "indicates whether test files should be analyzed, too")
	fs.Var(&opts.phases, "phase", "report and fix only the files of migration phase `name` (repeatable; see the configuration's phases)")
	fs.StringVar(&opts.debug, "debug", "", `debug flags, any subset of "fpst"`)
	fs.StringVar(&opts.cpuprofile, "cpuprofile", "", "write CPU profile to this file")
	fs.StringVar(&opts.memprofile, "memprofile", "", "write memory profile to this file")
	fs.StringVar(&opts.trace, "trace", "", "write trace log to this file")
	for _, name := range []string{"source", "v", "all"} {
		fs.Bool(name, false, "no effect (deprecated)")
	}
	fs.String("tags", "", "no effect (deprecated)")

	// As multichecker: if any -NAME is true, run only those; otherwise
	// run all but those set to false.
	return func() []*analysis.Analyzer {
		hasTrue := slices.ContainsFunc(enabled, func(ts *triState) bool { return *ts == setTrue })
		var keep []*analysis.Analyzer
		for i, a := range suite {
			if hasTrue && *enabled[i] == setTrue || !hasTrue && *enabled[i] != setFalse {
				keep = append(keep, a)
			}
		}
		return keep
	}
}

// triState is a boolean flag that knows whether it was set.
type triState int

const (
	unset triState = iota
	setTrue
	setFalse
)

func (ts *triState) Get() any        { return *ts == setTrue }
func (ts triState) IsBoolFlag() bool { return true }
func (ts *triState) String() string {
	if *ts == setFalse {
		return "false"
	}
	return "true"
}

func (ts *triState) Set(value string) error {
	b, err := strconv.ParseBool(value)
	if err != nil {
		return fmt.Errorf("want true or false")
	}
	*ts = setFalse
	if b {
		*ts = setTrue
	}
	return nil
}

// runStandalone runs the analyzers on the packages named by patterns and
// returns the exit code.
func runStandalone(patterns []string, analyzers []*analysis.Analyzer, cfg analyzer.Config, opts options) (code int) {
	if opts.diff {
		opts.fix = true // -diff shows what -fix would do
	}
	dbg := func(b byte) bool { return strings.IndexByte(opts.debug, b) >= 0 }
	if stop := profile(opts); stop != nil {
		defer stop()
	}

	graph, code := analyze(patterns, analyzers, cfg, opts)
	if graph == nil {
		return exitFailed
	}
	if dbg('t') {
		defer printTimes(graph)
	}
	if len(opts.phases) > 0 {
		keepPhases(graph, cfg, opts.phases)
	}

	var failed bool
	for act := range graph.All() {
		if act.Err != nil {
			failed = true
		}
	}
	if opts.fix {
		return max(code, runFix(graph, opts, failed))
	}
	if opts.json {
		if err := graph.PrintJSON(os.Stdout); err != nil {
			return exitFailed
		}
		return code
	}
	if err := graph.PrintText(os.Stderr, opts.context); err != nil {
		return exitFailed
	}
	switch {
	case failed:
		return exitFailed
	case slices.ContainsFunc(graph.Roots, func(act *checker.Action) bool { return len(act.Diagnostics) > 0 }):
		return max(code, exitFindings)
	}
	return code
}

// analyze loads the packages named by patterns (with their tests if
// opts.tests) and runs the analyzers on them: the one analysis run that
// the plain run, -fix and report share. It prints the packages' errors
// and the rule warnings on stderr; code is exitFailed when a package had
// errors. A nil graph means nothing could be analyzed (the error is
// printed).
func analyze(patterns []string, analyzers []*analysis.Analyzer, cfg analyzer.Config, opts options) (graph *checker.Graph, code int) {
	dbg := func(b byte) bool { return strings.IndexByte(opts.debug, b) >= 0 }
	pkgs, err := packages.Load(&packages.Config{
		Mode:  packages.LoadAllSyntax | packages.NeedModule,
		Tests: opts.tests,
	}, patterns...)
	if err == nil && len(pkgs) == 0 {
		err = fmt.Errorf("%s matched no packages", strings.Join(patterns, " "))
	}
	if err != nil {
		log.Print(err)
		return nil, exitFailed
	}
	if packages.PrintErrors(pkgs) > 0 {
		code = exitFailed
	}
	for _, w := range configWarnings(cfg, buildPackages(pkgs)) {
		fmt.Fprintln(os.Stderr, w)
	}

	opt := &checker.Options{SanityCheck: dbg('s'), Sequential: dbg('p')}
	if dbg('f') {
		opt.FactLog = os.Stderr
	}
	graph, err = checker.Analyze(analyzers, pkgs, opt)
	if err != nil {
		log.Print(err)
		return nil, exitFailed
	}
	return graph, code
}

// runFix applies the fixes (-fix) or prints them (-diff), says what it
// left, and returns the exit code: 3 when sites are left (0 with -json), 1
// when an analysis failed or a file could not be written.
func runFix(graph *checker.Graph, opts options, failed bool) int {
	code := exitClean
	if failed {
		// Not printed by -fix otherwise: a site in a package whose
		// analysis failed would be missing from the summary.
		for act := range graph.All() {
			if act.Err != nil {
				fmt.Fprintf(os.Stderr, "%s: %v\n", act.Analyzer.Name, act.Err)
			}
		}
		code = exitFailed
	}
	plan, err := planFixes(graph.Roots)
	if err != nil {
		log.Print(err)
		return exitFailed
	}
	plan.finish()
	if opts.diff {
		dir, err := os.Getwd()
		if err == nil {
			err = plan.printDiff(os.Stdout, dir)
		}
		if err != nil {
			log.Print(err)
			return exitFailed
		}
	} else {
		for _, err := range plan.write() {
			log.Print(err)
			code = exitFailed
		}
	}
	plan.summarize(os.Stderr, opts.diff)
	if len(plan.unfixed()) > 0 && !opts.json {
		code = max(code, exitFindings)
	}
	return code
}

// profile starts the profiles the flags ask for and returns the function
// that writes them, or nil.
func profile(opts options) (stop func()) {
	var stops []func()
	// A profile written from start to stop into the file named by a flag.
	during := func(file string, start func(io.Writer) error, stop func()) {
		if file == "" {
			return
		}
		f, err := os.Create(file)
		if err != nil {
			log.Fatal(err)
		}
		if err := start(f); err != nil {
			log.Fatal(err)
		}
		stops = append(stops, stop)
	}
	during(opts.cpuprofile, pprof.StartCPUProfile, pprof.StopCPUProfile)
	during(opts.trace, trace.Start, trace.Stop)
	if opts.memprofile != "" {
		f, err := os.Create(opts.memprofile)
		if err != nil {
			log.Fatal(err)
		}
		stops = append(stops, func() {
			runtime.GC()
			if err := pprof.WriteHeapProfile(f); err != nil {
				log.Fatalf("writing memory profile: %v", err)
			}
			f.Close()
		})
	}
	if len(stops) == 0 {
		return nil
	}
	return func() {
		for _, stop := range stops {
			stop()
		}
	}
}

// printTimes prints the slowest actions, which together took 90% of the
// time (-debug=t; add p for times without parallelism's noise).
func printTimes(graph *checker.Graph) {
	var list []*checker.Action
	var total time.Duration
	for act := range graph.All() {
		list = append(list, act)
		total += act.Duration
	}
	slices.SortFunc(list, func(a, b *checker.Action) int { return int(b.Duration - a.Duration) })
	var sum time.Duration
	for _, act := range list {
		fmt.Fprintf(os.Stderr, "%s\t%s\n", act.Duration, act)
		if sum += act.Duration; sum >= total*9/10 {
			break
		}
	}
	if total > sum {
		fmt.Fprintf(os.Stderr, "%s\tall others\n", total-sum)
	}
}
