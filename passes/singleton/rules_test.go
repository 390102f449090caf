package singleton_test

import (
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/factoryscope/factoryscope/passes/singleton"
)

// TestMisfitAcrossPackages checks that a rule whose replacement lives in
// another package than the singleton and does not fit is reported once, as
// a rule diagnostic in the package of the two that sees the other, and that
// a replacement missing from a direct import is reported as missing.
func TestMisfitAcrossPackages(t *testing.T) {
	t.Parallel()
	s := singleton.Settings{Rules: []singleton.ParsedRule{
		{Singleton: ref("example.com/rulefit/old.Get"), Replacement: ref("example.com/rulefit/newer.Create")},
		{Singleton: ref("example.com/rulefit/legacy.Get"), Replacement: ref("example.com/rulefit/repl.Missing")},
	}}
	analysistest.Run(t, analysistest.TestData(), singleton.New(s),
		"example.com/rulefit/old", "example.com/rulefit/newer", "example.com/rulefit/use",
		"example.com/rulefit/repl", "example.com/rulefit/legacy")
}

// TestReplacementFacts checks the facts that carry a replacement from the
// singleton's package, which imports the replacement's package directly,
// to sites that do not: go vet shows those sites neither the replacement's
// complete export data nor the facts of indirect imports.
func TestReplacementFacts(t *testing.T) {
	t.Parallel()
	const legacy = "example.com/replfact/legacy."
	a, facts := singleton.NewWithFacts(singleton.Settings{Rules: []singleton.ParsedRule{
		{Singleton: ref(legacy + "Named"), Replacement: ref("example.com/replfact/sup.CreateNamed")},
		{Singleton: ref(legacy + "Default"), Replacement: ref("example.com/replfact/sup.Create")},
	}})
	if !slices.Contains(a.Requires, facts) {
		t.Fatal("the singleton analyzer does not require the singletonrepl facts analyzer")
	}
	analysistest.Run(t, analysistest.TestData(), facts, "example.com/replfact/legacy")
}
