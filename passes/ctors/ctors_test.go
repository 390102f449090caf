package ctors_test

import (
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/factoryscope/factoryscope/internal/ctorsig"
	"github.com/factoryscope/factoryscope/passes/ctors"
)

// TestCtors checks the facts (the "// want" comments in testdata), and that
// a package sees the constructors of a package it does not import, marked
// ones and test ones included, through the facts of its dependencies.
func TestCtors(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), ctors.Analyzer, "example.com/app/userctx", "example.com/app/mid", "top")
	if len(results) != 3 || results[2].Pass.Pkg.Path() != "top" {
		t.Fatalf("got %d results, want userctx, mid, top", len(results))
	}
	const uc = "*example.com/app/userctx.UserContext"
	want := []ctors.Constructor{
		{Name: "ForT", Takes: ctors.TakesT, Result: uc},
		{Name: "ForTest", Takes: ctors.TakesTB, Result: uc, Marked: true},
		{Name: "FromContext", Takes: ctors.TakesContext, Result: uc, Marked: true},
		{Name: "FromRequest", Takes: ctors.TakesRequest, Result: uc},
	}
	for _, r := range []int{0, 2} { // in userctx itself and in top
		if got := results[r].Result.(*ctors.Result).Lookup("example.com/app/userctx"); !slices.Equal(got, want) {
			t.Errorf("Lookup(userctx) in %s = %+v\nwant %+v", results[r].Pass.Pkg.Path(), got, want)
		}
	}
	if l := results[2].Result.(*ctors.Result).Lookup("example.com/app/mid"); l != nil {
		t.Errorf("mid has no constructors, got %+v", l)
	}
}

// TestParams checks that the parameter types ctorsig accepts are exactly
// the Param constants, which name them.
func TestParams(t *testing.T) {
	want := []string{string(ctors.TakesContext), string(ctors.TakesRequest), string(ctors.TakesTB), string(ctors.TakesT)}
	if !slices.Equal(ctorsig.Params, want) {
		t.Errorf("ctorsig.Params = %q, want %q", ctorsig.Params, want)
	}
}
