package directive_test

import (
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/factoryscope/factoryscope/passes/directive"
)

// TestDirective checks the facts (the "// want" comments in testdata) and
// the result: messages, marked constructors, facts of dependencies.
func TestDirective(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), directive.Analyzer, "example.com/lib", "user")
	for _, r := range results {
		res := r.Result.(*directive.Result)
		got := map[string]*directive.Singleton{}
		for obj, f := range res.All {
			got[obj.Pkg().Path()+"."+obj.Name()] = f
		}
		if len(res.Malformed) != 0 {
			t.Errorf("%s: unexpected malformed directives: %+v", r.Pass.Pkg.Path(), res.Malformed)
		}
		switch r.Pass.Pkg.Path() {
		case "example.com/lib":
			if f := got["example.com/lib.Elsewhere"]; f == nil || f.Message != "do not share clients" {
				t.Errorf("Elsewhere: got %+v, want the message after the replacement", f)
			}
			if len(got) != 6 {
				t.Errorf("got %d facts, want 6: %v", len(got), got)
			}
			checkMarked(t, r.Pass.Pkg, res, "ForT", "ForTest", "FromContext")
		case "user":
			// Facts of a dependency are visible through Lookup, by object.
			lib := r.Pass.Pkg.Imports()[0]
			if f := res.Lookup(lib.Scope().Lookup("Shared")); f == nil || f.Replacement.String() != "example.com/lib.ForRequest" {
				t.Errorf("user: Lookup(lib.Shared) = %v", f)
			}
			if res.Lookup(types.Universe.Lookup("len")) != nil {
				t.Errorf("user: a fact for len")
			}
			// Marked constructors are the package's own; importers see
			// them through the ctors facts.
			if res.MarkedConstructor(lib.Scope().Lookup("FromContext").(*types.Func)) {
				t.Errorf("user: lib.FromContext is marked in user's result")
			}
		}
	}
}

// checkMarked checks that the marked constructors of pkg are exactly want.
func checkMarked(t *testing.T, pkg *types.Package, res *directive.Result, want ...string) {
	t.Helper()
	var marked []string
	for _, name := range pkg.Scope().Names() { // sorted
		if fn, ok := pkg.Scope().Lookup(name).(*types.Func); ok && res.MarkedConstructor(fn) {
			marked = append(marked, name)
		}
	}
	if strings.Join(marked, " ") != strings.Join(want, " ") {
		t.Errorf("%s: marked constructors %v, want %v", pkg.Path(), marked, want)
	}
}

// reporter reports the directive pass's Malformed entries, as the
// singleton pass does, so that testdata can expect them with "// want".
var reporter = &analysis.Analyzer{
	Name:     "malformed",
	Doc:      "malformed: report malformed directives",
	Requires: []*analysis.Analyzer{directive.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		res := pass.ResultOf[directive.Analyzer].(*directive.Result)
		for _, m := range res.Malformed {
			pass.Report(analysis.Diagnostic{Pos: m.Pos, End: m.End, Message: m.Err})
		}
		return res, nil
	},
	ResultType: directive.Analyzer.ResultType,
}

// TestMalformed checks that every directive that is misspelt, malformed or
// not in the doc comment of a declaration it applies to is reported, in
// source order and on one line, and that nothing else applies.
func TestMalformed(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), reporter, "malformed")
	res := results[0].Result.(*directive.Result)
	fset := results[0].Pass.Fset
	for i, m := range res.Malformed {
		if strings.Contains(m.Err, "\n") {
			t.Errorf("%s: message is not one line: %q", fset.Position(m.Pos), m.Err)
		}
		if i > 0 {
			a, b := fset.Position(res.Malformed[i-1].Pos), fset.Position(m.Pos)
			if a.Filename == b.Filename && a.Offset >= b.Offset {
				t.Errorf("%s: not in source order after %s", b, a)
			}
		}
	}
	var facts []string
	for obj, f := range res.All {
		facts = append(facts, obj.Name()+"="+f.Replacement.Name)
	}
	if strings.Join(facts, " ") != "Twice=ForRequest" {
		t.Errorf("facts: %v, want only Twice's first directive to apply", facts)
	}
	checkMarked(t, results[0].Pass.Pkg, res, "Marked")
}
