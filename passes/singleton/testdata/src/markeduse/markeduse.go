package markeduse

import (
	"net/http"

	"example.com/id/agents"
	"example.com/id/marked"
)

// The constructor marked with //factoryscope:constructor is used with no
// configuration; the unmarked AsService never is.
func handle(w http.ResponseWriter, r *http.Request) {
	agents.Marked().Register("search") // want `call agents.ForMarked with marked.FromContext\(r.Context\(\)\) instead`
}

// A variable built by a constructor that was not chosen is not the caller:
// the request is passed instead.
func export(w http.ResponseWriter, r *http.Request) {
	svc := marked.AsService(r.Context())
	agents.Marked().Register("export") // want `call agents.ForMarked with marked.FromContext\(r.Context\(\)\) instead`
	_ = svc
}

// Nor is one built from a literal, which names a user of its own.
func byURL(w http.ResponseWriter, r *http.Request) {
	target := &marked.User{Name: r.URL.Path}
	agents.Marked().Register("export") // want `call agents.ForMarked with marked.FromContext\(r.Context\(\)\) instead`
	_ = target
}

// One built by the chosen constructor is.
func chosen(w http.ResponseWriter, r *http.Request) {
	u := marked.FromContext(r.Context())
	agents.Marked().Register("export") // want `call agents.ForMarked with u instead`
	_ = u
}

// Alone, the service account gives no fix, and the message says why.
func alone() {
	svc := marked.AsService(nil)
	agents.Marked().Register("export") // want `no fix: .*; svc is built by marked.AsService, which is not a chosen constructor`
	_ = svc
}
