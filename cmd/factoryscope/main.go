// Command factoryscope flags every use of a configured process-wide
// singleton factory and can rewrite each one to a per-request replacement.
//
// It is an x/tools multichecker: it takes package patterns and the standard
// -fix, -diff, -json and -c=N flags, and also works as
// go vet -vettool=$(which factoryscope). "factoryscope lsp" runs the
// language server. See the README's "Command line" section.
package main

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/tools/go/analysis/multichecker"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/lsp"
)

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
	if err != nil {
		fail(err)
	}
	suite, err := analyzer.New(cfg)
	if err != nil {
		fail(err)
	}

	// Registered so that the driver's flag.Parse accepts -config (already
	// consumed by scan) and -flags lists it, which lets go vet pass it on.
	flag.String("config", "", "configuration `file` (YAML or JSON); default: the factoryscope block of the nearest .golangci.yml")
	flag.Var(versionFlag{inv}, "V", "print version and exit")
	flag.Usage = usage

	if len(inv.args) == 0 && !inv.has("flags", "V", "h", "help") {
		fail(errors.New("no packages given (see factoryscope -help)"))
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
