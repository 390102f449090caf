// Command factoryscope flags every use of a configured process-wide
// singleton factory and can rewrite each one to a per-request replacement.
//
// It takes package patterns and the flags of x/tools' multichecker (-fix,
// -diff, -json, -c=N, ...), and also works as
// go vet -vettool=$(which factoryscope). "factoryscope lsp" runs the
// language server. See docs/cli.md.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"log"
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/internal/lsp"
)

// noRules is the note printed when no configuration names a rule.
const noRules = "factoryscope: no rules configured (-config, or the factoryscope block of a .golangci.yml from here up): only //factoryscope:singleton directives apply"

func main() {
	if len(os.Args) > 1 && os.Args[1] == "lsp" {
		os.Exit(lsp.Main(os.Args[2:]))
	}
	log.SetFlags(0)
	log.SetPrefix("factoryscope: ")
	if len(os.Args) > 1 && os.Args[1] == "report" {
		os.Exit(reportMain(os.Args[2:], os.Stdout, os.Stderr))
	}
	inv, err := scan(os.Args[1:])
	if err != nil {
		fail(err)
	}
	cfg, err := loadConfig(inv)
	var suite analyzer.Suite
	if err == nil {
		suite, err = analyzer.New(cfg, ".")
	}
	if err != nil {
		failConfig(inv, err)
	}

	// Registered so that flag.Parse accepts -config (already consumed by
	// scan) and -flags lists it, which lets go vet pass it on.
	flag.String("config", "", "configuration `file` (YAML or JSON); default: the factoryscope block of the nearest .golangci.yml")
	flag.Var(versionFlag{inv}, "V", "print version and exit")
	flag.Usage = usage

	if len(inv.args) == 0 && !inv.has("flags", "V", "h", "help") {
		fail(errors.New("no packages given (see factoryscope -help)"))
	}
	if inv.unit() || inv.has("flags", "V") || len(inv.args) > 0 && inv.args[0] == "help" {
		// go vet's protocol (-V=full, -flags, a unit.cfg) and the
		// analyzer help: x/tools' driver, exactly.
		if inv.unit() {
			for _, w := range vetRuleWarnings(inv.args[0], cfg) {
				fmt.Fprintln(os.Stderr, w)
			}
		}
		multichecker.Main(suite...)
		return
	}

	var opts options
	selected := registerFlags(flag.CommandLine, suite, &opts)
	flag.Parse()
	if err := checkPhases(cfg, opts.phases); err != nil {
		fail(err)
	}
	if len(cfg.Rules) == 0 {
		// Not an error (a library's directives may be all there is), but a
		// clean run must not be mistaken for a checked one.
		fmt.Fprintln(os.Stderr, noRules)
	}
	os.Exit(runStandalone(flag.Args(), selected(), cfg, opts))
}

// skipConfig reports whether the invocation only asks about the tool (its
// flags, version or help), so that a bad configuration cannot break
// go vet's handshake or hide the help text.
func (inv invocation) skipConfig() bool {
	return inv.has("flags", "V", "h", "help") || len(inv.args) > 0 && inv.args[0] == "help"
}

// loadConfig finds the configuration: the -config file, or the block in the
// nearest golangci-lint configuration from the working directory up, and
// validates it for the module of the working directory: the CLI analyses
// the packages of its working directory's module. Under go vet the working
// directory is the package's directory.
func loadConfig(inv invocation) (analyzer.Config, error) {
	if inv.skipConfig() {
		return analyzer.Config{}, nil
	}
	if inv.hasConfig {
		if inv.config == "" {
			return analyzer.Config{}, errors.New("-config: empty file name")
		}
		if inv.unit() && !filepath.IsAbs(inv.config) {
			return analyzer.Config{}, fmt.Errorf("-config %s: under go vet the path must be absolute (go vet runs the tool in each package's directory)", inv.config)
		}
		return analyzer.LoadFile(inv.config, ".")
	}
	cfg, _, err := analyzer.Discover(".")
	return cfg, err
}

// failConfig reports a bad configuration. Under go vet, which runs the
// tool once for every package including each dependency down to the
// standard library, the error is printed once per go vet invocation: runs
// that only compute facts for a dependency (VetxOnly) and the roots after
// the first one exit 0 silently, writing no facts, so go vet caches
// nothing. The first root prints the line and exits 2; go vet then shows
// the line under the package's "# import/path" header and exits 1.
func failConfig(inv invocation, err error) {
	if inv.unit() {
		if unit, uerr := readUnit(inv.args[0]); uerr == nil && !claimVetReport(unit, "factoryscope-config-error") {
			os.Exit(0)
		}
	}
	fail(err)
}

// unitConfig is the part of go vet's unit configuration (the .cfg file it
// passes the tool) that main reads.
type unitConfig struct {
	ImportPath  string
	Dir         string
	ModulePath  string
	ImportMap   map[string]string // import path in the source -> package path
	PackageFile map[string]string // package path -> export data, for direct imports
	VetxOnly    bool              // a dependency: facts only, nothing reported
	VetxOutput  string            // $WORK/bNNN/vet.out
}

func readUnit(cfgPath string) (unitConfig, error) {
	var unit unitConfig
	data, err := os.ReadFile(cfgPath)
	if err == nil {
		err = json.Unmarshal(data, &unit)
	}
	return unit, err
}

// claimVetReport reports whether this go vet run of the tool is the one
// that reports what the whole go vet invocation must hear once (a
// configuration error, a rule warning): it is for a package go vet
// reports on, and no other run of the same go vet invocation claimed the
// marker file before. The runs agree through the marker in go vet's work
// directory ($WORK, the parent of each run's object directory), which go
// vet removes when it exits.
func claimVetReport(unit unitConfig, marker string) bool {
	if unit.VetxOnly {
		return false
	}
	if unit.VetxOutput == "" {
		return true
	}
	work := filepath.Dir(filepath.Dir(unit.VetxOutput))
	f, err := os.OpenFile(filepath.Join(work, marker), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return false
	}
	if err == nil {
		_ = f.Close()
	}
	return true
}

func fail(err error) {
	fmt.Fprintf(os.Stderr, "factoryscope: %v\n", err)
	os.Exit(exitUsage)
}

func usage() {
	out := flag.CommandLine.Output()
	fmt.Fprint(out, `factoryscope flags uses of process-wide singleton factories and rewrites
each one to a per-request replacement.

Usage:
  factoryscope [flags] packages...          report findings (go list patterns)
  factoryscope -fix packages...             apply the suggested fixes
  factoryscope -diff packages...            print the fixes as a unified diff
  factoryscope -phase production -fix ...   fix only one migration phase's files
  factoryscope report [-format text|json|markdown] [-baseline report.json] packages...
                                            the migration inventory (report -help)
  go vet -vettool=$(which factoryscope) [-config=/abs/path] packages...
  factoryscope help [singleton]             describe the analyzer
  factoryscope lsp                          run the language server on stdio

Exit codes: 0 no findings (always 0 with -json unless something failed),
1 packages failed to load or analyze, or a fixed file could not be
written, 2 bad configuration or usage, 3 findings reported, or -fix (or
-diff) left sites without a fix.

Flags:
`)
	flag.PrintDefaults()
	fmt.Fprint(out, "\n", analyzer.Schema)
}
