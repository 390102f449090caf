package singleton

import (
	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/passes/ctors"
	"github.com/factoryscope/factoryscope/passes/directive"
)

// New returns a singleton Analyzer for the given settings. (stub: to be
// replaced by the real pass)
func New(s Settings) *analysis.Analyzer {
	return &analysis.Analyzer{
		Name:     "singleton",
		Doc:      "singleton: flag process-wide singleton factories",
		Requires: []*analysis.Analyzer{directive.Analyzer, ctors.Analyzer},
		Run:      func(*analysis.Pass) (any, error) { return nil, nil },
	}
}
