package ctors_test

import (
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/factoryscope/factoryscope/passes/ctors"
)

// TestCtors checks the facts (the "// want" comments in testdata), and that
// a package sees the constructors of a package it does not import, through
// the facts of its dependencies.
func TestCtors(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), ctors.Analyzer, "example.com/app/userctx", "example.com/app/mid", "top")
	if len(results) != 3 || results[2].Pass.Pkg.Path() != "top" {
		t.Fatalf("got %d results, want userctx, mid, top", len(results))
	}
	got := results[2].Result.(*ctors.Result).Lookup("example.com/app/userctx")
	want := []ctors.Constructor{
		{Name: "FromContext", Takes: ctors.TakesContext, Result: "*example.com/app/userctx.UserContext"},
		{Name: "FromRequest", Takes: ctors.TakesRequest, Result: "*example.com/app/userctx.UserContext"},
	}
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("Lookup(userctx) in top = %+v, want %+v", got, want)
	}
	if l := results[2].Result.(*ctors.Result).Lookup("example.com/app/mid"); l != nil {
		t.Errorf("mid has no constructors, got %+v", l)
	}
}
