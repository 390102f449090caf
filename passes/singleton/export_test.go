package singleton

import "golang.org/x/tools/go/analysis"

// DerivedFact is the fact type of the singletonderived pass, for the
// benchmark that counts the facts of a run.
type DerivedFact = derivedFact

// NewWithFacts returns New's analyzer and the singletonrepl pass it
// requires, so that a test can run that pass alone.
func NewWithFacts(s Settings) (a, replFacts *analysis.Analyzer) { return newWithFacts(s) }
