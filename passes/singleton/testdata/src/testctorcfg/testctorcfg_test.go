package testctorcfg

import (
	"testing"

	"example.com/id/agents"
)

// The configured test constructor comes before the marked ForTest.
func TestSearch(t *testing.T) {
	agents.Marked().Register("search") // want `call agents.ForMarked with marked.Anonymous\(t\) instead`
}

// Anonymous takes a *testing.T: a benchmark's b does not fit it, and the
// marked ForTest(testing.TB) does.
func BenchmarkSearch(b *testing.B) {
	agents.Marked().Register("search") // want `call agents.ForMarked with marked.ForTest\(b\) instead`
}
