// Command factoryscope flags every use of a configured process-wide
// singleton factory and can rewrite each one to a per-request replacement.
//
// It is an x/tools multichecker: it takes package patterns and the standard
// -fix, -diff, -json and -c=N flags, and also works as
// go vet -vettool=$(which factoryscope). "factoryscope lsp" runs the
// language server. See the README's "Command line" section.
package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/lsp"
)

// noRules is the note printed when no configuration names a rule.
const noRules = "factoryscope: no rules configured (-config, or the factoryscope block of a .golangci.yml from here up): only //factoryscope:singleton directives apply"

// Exit codes of our own; the driver's are 0 (clean), 1 (load or analysis
// errors) and 3 (diagnostics reported).
const exitUsage = 2

func main() {
	if len(os.Args) > 1 && os.Args[1] == "lsp" {
		os.Exit(lsp.Main(os.Args[2:]))
	}
	inv, err := scan(os.Args[1:])
	if err != nil {
		fail(err)
	}
	cfg, err := loadConfig(inv)
	var suite analyzer.Suite
	if err == nil {
		suite, err = analyzer.New(cfg)
	}
	if err != nil {
		failConfig(inv, err)
	}

	// Registered so that the driver's flag.Parse accepts -config (already
	// consumed by scan) and -flags lists it, which lets go vet pass it on.
	flag.String("config", "", "configuration `file` (YAML or JSON); default: the factoryscope block of the nearest .golangci.yml")
	flag.Var(versionFlag{inv}, "V", "print version and exit")
	flag.Usage = usage

	if len(inv.args) == 0 && !inv.has("flags", "V", "h", "help") {
		fail(errors.New("no packages given (see factoryscope -help)"))
	}
	if !inv.unit() && !inv.skipConfig() && len(cfg.Rules) == 0 {
		// Not an error (a library's directives may be all there is), but a
		// clean run must not be mistaken for a checked one.
		fmt.Fprintln(os.Stderr, noRules)
	}
	// -diff shows what -fix would do; the x/tools driver ignores it
	// without -fix, which is never what a user of -diff wants.
	if !inv.unit() && inv.on("diff") && !inv.has("fix") {
		os.Args = append([]string{os.Args[0], "-fix"}, os.Args[1:]...)
	}
	multichecker.Main(suite...)
}

// skipConfig reports whether the invocation only asks about the tool (its
// flags, version or help), so that a bad configuration cannot break
// go vet's handshake or hide the help text.
func (inv invocation) skipConfig() bool {
	return inv.has("flags", "V", "h", "help") || len(inv.args) > 0 && inv.args[0] == "help"
}

// loadConfig finds the configuration: the -config file, or the block in the
// nearest golangci-lint configuration from the working directory up. Under
// go vet the working directory is the package's directory.
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
		return analyzer.LoadFile(inv.config)
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
	if inv.unit() && !firstVetReport(inv.args[0]) {
		os.Exit(0)
	}
	fail(err)
}

// firstVetReport reports whether this go vet run of the tool, described by
// the unit configuration file at cfgPath, is the one that reports a
// configuration error: it is for a package go vet reports on, and no other
// run of the same go vet invocation reported before. The runs agree
// through a file in go vet's work directory ($WORK, the parent of each
// run's object directory), which go vet removes when it exits.
func firstVetReport(cfgPath string) bool {
	data, err := os.ReadFile(cfgPath)
	if err != nil {
		return true
	}
	var unit struct {
		VetxOnly   bool
		VetxOutput string
	}
	if json.Unmarshal(data, &unit) != nil {
		return true
	}
	if unit.VetxOnly {
		return false
	}
	if unit.VetxOutput == "" {
		return true
	}
	work := filepath.Dir(filepath.Dir(unit.VetxOutput))
	f, err := os.OpenFile(filepath.Join(work, "factoryscope-config-error"), os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644)
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
  go vet -vettool=$(which factoryscope) [-config=/abs/path] packages...
  factoryscope help [singleton]             describe the analyzer
  factoryscope lsp                          run the language server on stdio

Exit codes: 0 no findings (always 0 with -json, -fix or -diff unless
something failed), 1 packages failed to load or analyze, 2 bad
configuration or usage, 3 findings reported.

Flags:
`)
	flag.PrintDefaults()
	fmt.Fprint(out, "\n", analyzer.Schema)
}
