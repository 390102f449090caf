package directive_test

import (
	"go/types"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/factoryscope/factoryscope/passes/directive"
)

// TestDirective checks the facts (the "// want" comments in testdata) and
// the result: malformed directives, messages, facts of dependencies.
func TestDirective(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), directive.Analyzer, "example.com/lib", "user")
	for _, r := range results {
		res := r.Result.(*directive.Result)
		got := map[string]*directive.Singleton{}
		for obj, f := range res.All {
			got[obj.Pkg().Path()+"."+obj.Name()] = f
		}
		switch r.Pass.Pkg.Path() {
		case "example.com/lib":
			var errs []string
			for _, m := range res.Malformed {
				errs = append(errs, r.Pass.Fset.Position(m.Pos).String()+": "+m.Err)
			}
			if len(errs) != 4 ||
				!strings.Contains(errs[0], "lib.go:43:") || !strings.Contains(errs[0], "unknown directive //factoryscope:singletonish") ||
				!strings.Contains(errs[1], "lib.go:48:") || !strings.Contains(errs[1], "needs a replacement") ||
				!strings.Contains(errs[2], "lib.go:53:") || !strings.Contains(errs[2], `replacement "not/a/ref" is not an import path followed by a name`) ||
				!strings.Contains(errs[3], "lib.go:58:") || !strings.Contains(errs[3], "no space after //") {
				t.Errorf("malformed directives:\n%s", strings.Join(errs, "\n"))
			}
			if f := got["example.com/lib.Elsewhere"]; f == nil || f.Message != "do not share clients" {
				t.Errorf("Elsewhere: got %+v, want the message after the replacement", f)
			}
			if len(got) != 4 {
				t.Errorf("got %d facts, want 4: %v", len(got), got)
			}
		case "user":
			// Facts of a dependency are visible through Lookup, by object.
			shared := r.Pass.Pkg.Imports()[0].Scope().Lookup("Shared")
			if f := res.Lookup(shared); f == nil || f.Replacement.String() != "example.com/lib.ForRequest" {
				t.Errorf("user: Lookup(lib.Shared) = %v", f)
			}
			if res.Lookup(types.Universe.Lookup("len")) != nil || len(res.Malformed) != 0 {
				t.Errorf("user: unexpected facts or malformed directives")
			}
		}
	}
}
