package passgraph_test

import (
	"slices"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/internal/passgraph"
)

// TestWalk: each analyzer once, after what it requires, in the order of
// the roots and of each Requires list.
func TestWalk(t *testing.T) {
	t.Parallel()
	a := &analysis.Analyzer{Name: "a"}
	b := &analysis.Analyzer{Name: "b", Requires: []*analysis.Analyzer{a}}
	c := &analysis.Analyzer{Name: "c"}
	d := &analysis.Analyzer{Name: "d", Requires: []*analysis.Analyzer{c, b}}
	e := &analysis.Analyzer{Name: "e", Requires: []*analysis.Analyzer{a}}
	var got []string
	passgraph.Walk([]*analysis.Analyzer{d, e, b}, func(x *analysis.Analyzer) { got = append(got, x.Name) })
	if want := []string{"c", "a", "b", "d", "e"}; !slices.Equal(got, want) {
		t.Errorf("Walk visits %v, want %v", got, want)
	}
}
