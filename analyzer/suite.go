package analyzer

import (
	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/passes/singleton"
)

// Suite is the set of analyzers a driver runs. The fact passes (directive,
// ctors, and singletonrepl and singletonderived, built by singleton.New for
// its settings) are left out: they report nothing and every driver runs
// them through Requires.
type Suite []*analysis.Analyzer

// New validates cfg for the module at dir (see [Config.Validate]) and
// returns the analyzers it configures. Each call builds fresh analyzers,
// so two configurations never share state.
//
// A driver runs one suite: two suites cannot run in one driver. The fact
// passes of each declare the same fact types (their facts depend on the
// configuration, so they are not shared), and every driver rejects two
// analyzers with one fact type (analysis.Validate: x/tools' checker,
// multichecker and go vet, golangci-lint, nogo and the language server).
// To analyse with two configurations, run a driver for each; they may
// share the loaded packages.
func New(cfg Config, dir string) (Suite, error) {
	s, err := cfg.settings(dir)
	if err != nil {
		return nil, err
	}
	return Suite{singleton.New(s)}, nil
}
