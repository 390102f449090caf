package markeduse

import (
	"net/http"
	"testing"

	"example.com/id/agents"
)

// A test gets the test identity, not FromContext(t.Context()), which
// carries no user.
func TestSearch(t *testing.T) {
	agents.Marked().Register("search") // want `call agents.ForMarked with marked.ForTest\(t\) instead`
}

// A request inside the test is nearer than t.
func TestHandler(t *testing.T) {
	h := func(w http.ResponseWriter, r *http.Request) {
		agents.Marked().Register("search") // want `call agents.ForMarked with marked.FromContext\(r.Context\(\)\) instead`
	}
	_ = h
}
