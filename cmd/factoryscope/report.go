package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/ast"
	"go/token"
	"io"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"

	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/internal/inventory"
)

// "factoryscope report" prints the migration inventory: the plain run's
// analysis, once, with its diagnostics counted by rule and phase instead
// of printed one by one (see docs/migration.md).

// reportOptions are report's flags.
type reportOptions struct {
	config    string
	hasConfig bool
	format    string
	baseline  string
	phases    phaseList
}

// reportMain runs "factoryscope report" with args (what follows the
// subcommand) and returns the exit code.
func reportMain(args []string, stdout, stderr io.Writer) int {
	var ro reportOptions
	fs := flag.NewFlagSet("factoryscope report", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Func("config", "configuration `file` (YAML or JSON); default: the factoryscope block of the nearest .golangci.yml", func(s string) error {
		ro.config, ro.hasConfig = s, true
		return nil
	})
	fs.StringVar(&ro.format, "format", "text", "output `format`: text (aligned columns), json (the baseline format) or markdown (for a pull request or a CI job summary)")
	fs.StringVar(&ro.baseline, "baseline", "", "compare with an earlier `report.json` (-format json): progress per phase, and the new sites; exit 3 only if there are new sites")
	fs.Var(&ro.phases, "phase", "count only the files of migration phase `name` (repeatable)")
	fs.Usage = func() {
		fmt.Fprint(stderr, `Usage: factoryscope report [-format text|json|markdown] [-baseline report.json] [-phase name]... packages...

Prints the migration inventory of the packages and their tests: per rule
and per phase the files and sites (direct and indirect) that use a
process-wide singleton, fixable now or needing a person; the sites that
need a person, grouped by why; the wrappers and holders the singleton
still spreads through. With -baseline, the progress since an earlier JSON
report and the sites that are new.

Exit codes: 0 no site left, or with -baseline no new site; 1 packages
failed to load or analyze; 2 bad configuration or usage; 3 sites left, or
with -baseline new sites.

Flags:
`)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitClean
		}
		return exitUsage
	}
	usage := func(err error) int {
		fmt.Fprintf(stderr, "factoryscope report: %v\n", err)
		return exitUsage
	}
	if fs.NArg() == 0 {
		return usage(errors.New("no packages given (see factoryscope report -help)"))
	}
	if !slices.Contains(inventory.Formats, ro.format) {
		return usage(fmt.Errorf("-format %s: unknown format (known: %s)", ro.format, strings.Join(inventory.Formats, ", ")))
	}
	cfg, err := loadConfig(invocation{config: ro.config, hasConfig: ro.hasConfig})
	var suite analyzer.Suite
	if err == nil {
		suite, err = analyzer.New(cfg, ".")
	}
	if err == nil {
		err = checkPhases(cfg, ro.phases)
	}
	if err != nil {
		return usage(err)
	}
	var base *inventory.Report
	if ro.baseline != "" {
		data, err := os.ReadFile(ro.baseline)
		if err == nil {
			base, err = inventory.Decode(data)
		}
		if err != nil {
			return usage(fmt.Errorf("-baseline %s: %w", ro.baseline, err))
		}
	}
	if len(cfg.Rules) == 0 {
		fmt.Fprintln(stderr, noRules)
	}

	graph, code := analyze(fs.Args(), suite, cfg, options{tests: true})
	if graph == nil {
		return exitFailed
	}
	for act := range graph.All() {
		if act.Err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", act, act.Err)
			code = exitFailed
		}
	}
	rep, err := buildReport(graph, cfg, ro.phases)
	if err != nil {
		fmt.Fprintf(stderr, "factoryscope report: %v\n", err)
		return exitFailed
	}
	if base != nil {
		rep.Compare(base, ro.baseline)
	}
	if err := rep.Write(stdout, ro.format); err != nil {
		fmt.Fprintf(stderr, "factoryscope report: %v\n", err)
		return exitFailed
	}
	switch {
	case base != nil && len(rep.Progress.New) > 0, base == nil && rep.Total.Sites > 0:
		code = max(code, exitFindings)
	}
	return code
}

// buildReport turns the diagnostics of the graph's root actions into the
// inventory, keeping only the files of the phases selected (all when
// none is).
func buildReport(graph *checker.Graph, cfg analyzer.Config, selected []string) (*inventory.Report, error) {
	ph, err := newPhaser(cfg)
	if err != nil {
		return nil, err
	}
	cwd, err := os.Getwd()
	if err != nil {
		return nil, err
	}
	c := &collector{ph: ph, cwd: cwd, selected: selected, bySite: make(map[siteKey]int), lines: make(map[string][][]byte)}
	for _, act := range graph.Roots {
		if act.Err == nil {
			c.action(act)
		}
	}
	return inventory.Build(c.sites, c.problems, ph.cl.Names(), selected), nil
}

// collector gathers the sites and problems of the root actions. A package
// and its test variant report the sites of their common files twice:
// they count once, as a fixable site when either report has a fix.
type collector struct {
	ph       *phaser
	cwd      string
	selected []string
	sites    []inventory.Site
	problems []inventory.Problem
	bySite   map[siteKey]int     // -> index in sites, or -1 for a problem
	lines    map[string][][]byte // file -> its lines, read once for the sites' code
}

type siteKey struct {
	start, end token.Position
	category   string
}

func (c *collector) action(act *checker.Action) {
	if len(act.Diagnostics) == 0 {
		return
	}
	pkg, fset := act.Package, act.Package.Fset
	var decls *declIndex // built on the first diagnostic
	for _, d := range act.Diagnostics {
		start := fset.Position(d.Pos)
		k := siteKey{start, fset.Position(d.End), d.Category}
		if i, seen := c.bySite[k]; seen {
			if i >= 0 && len(d.SuggestedFixes) > 0 && !c.sites[i].Fixable {
				c.sites[i].Fixable, c.sites[i].Reason, c.sites[i].Why = true, "", ""
			}
			continue
		}
		phase := c.ph.phase(pkg, start.Filename)
		if len(c.selected) > 0 && !slices.Contains(c.selected, phase) {
			continue
		}
		file := c.display(start.Filename)
		if d.Category != "singleton" && d.Category != "indirect" {
			c.bySite[k] = -1
			c.problems = append(c.problems, inventory.Problem{File: file, Line: start.Line, Column: start.Column, Category: d.Category, Message: d.Message})
			continue
		}
		if decls == nil {
			decls = newDeclIndex(pkg)
		}
		s := inventory.Site{
			File: file, Line: start.Line, Column: start.Column, Phase: phase,
			Category: d.Category, Func: decls.enclosing(d.Pos),
			Fixable: len(d.SuggestedFixes) > 0, Code: c.line(start.Filename, start.Line), Message: d.Message,
		}
		if p, ok := inventory.Parse(d.Message); ok {
			s.Rule, s.Via, s.Why = p.Rule, p.Via, p.Why
		} else {
			s.Rule, _, _ = strings.Cut(d.Message, " ") // not a message of the singleton pass
		}
		if !s.Fixable {
			s.Reason = inventory.ReasonOf(s.Why).Key
		} else {
			s.Why = ""
		}
		c.bySite[k] = len(c.sites)
		c.sites = append(c.sites, s)
	}
}

// display returns how the report names a file: relative to the working
// directory when it is under it, else absolute; slash-separated.
func (c *collector) display(filename string) string {
	if rel, err := filepath.Rel(c.cwd, filename); err == nil && filepath.IsLocal(rel) {
		return filepath.ToSlash(rel)
	}
	return filepath.ToSlash(filename)
}

// line returns line n of the file, trimmed, or "".
func (c *collector) line(filename string, n int) string {
	lines, ok := c.lines[filename]
	if !ok {
		if data, err := os.ReadFile(filename); err == nil {
			lines = bytes.Split(data, []byte("\n"))
		}
		c.lines[filename] = lines
	}
	if n < 1 || n > len(lines) {
		return ""
	}
	return string(bytes.TrimSpace(lines[n-1]))
}

// declIndex finds the top-level declaration around a position.
type declIndex struct {
	fset  *token.FileSet
	files map[*token.File]*ast.File
}

func newDeclIndex(pkg *packages.Package) *declIndex {
	x := &declIndex{fset: pkg.Fset, files: make(map[*token.File]*ast.File, len(pkg.Syntax))}
	for _, f := range pkg.Syntax {
		x.files[pkg.Fset.File(f.FileStart)] = f
	}
	return x
}

// enclosing names the top-level declaration that holds pos: F for a
// func, T.M for a method, "var v" (or "const c") for a package-level
// value, "" when there is none.
func (x *declIndex) enclosing(pos token.Pos) string {
	f := x.files[x.fset.File(pos)]
	if f == nil {
		return ""
	}
	i := sort.Search(len(f.Decls), func(i int) bool { return f.Decls[i].End() > pos })
	if i == len(f.Decls) || f.Decls[i].Pos() > pos {
		return ""
	}
	switch d := f.Decls[i].(type) {
	case *ast.FuncDecl:
		if d.Recv != nil && len(d.Recv.List) > 0 {
			if t := recvName(d.Recv.List[0].Type); t != "" {
				return t + "." + d.Name.Name
			}
		}
		return d.Name.Name
	case *ast.GenDecl:
		for _, spec := range d.Specs {
			if vs, ok := spec.(*ast.ValueSpec); ok && vs.Pos() <= pos && pos < vs.End() && len(vs.Names) > 0 {
				return d.Tok.String() + " " + vs.Names[0].Name
			}
		}
	}
	return ""
}

// recvName returns the name of a receiver's type: T for T, *T, T[P].
func recvName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr:
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}
