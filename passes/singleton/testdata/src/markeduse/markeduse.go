package markeduse

import (
	"net/http"

	"example.com/id/agents"
)

// The constructor marked with //factoryscope:constructor is used with no
// configuration; the unmarked AsService never is.
func handle(w http.ResponseWriter, r *http.Request) {
	agents.Marked().Register("search") // want `call agents.ForMarked with marked.FromContext\(r.Context\(\)\) instead`
}
