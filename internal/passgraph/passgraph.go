// Package passgraph walks the Requires graph of analyzers, which the
// language server's driver and the nogo entry point both follow.
package passgraph

import "golang.org/x/tools/go/analysis"

// Walk calls visit once for each analyzer in the Requires closure of
// roots, roots included, depth first: each analyzer after those it
// requires, in the order of roots and of each Requires list.
func Walk(roots []*analysis.Analyzer, visit func(*analysis.Analyzer)) {
	seen := map[*analysis.Analyzer]bool{}
	var walk func(a *analysis.Analyzer)
	walk = func(a *analysis.Analyzer) {
		if seen[a] {
			return
		}
		seen[a] = true
		for _, req := range a.Requires {
			walk(req)
		}
		visit(a)
	}
	for _, a := range roots {
		walk(a)
	}
}
