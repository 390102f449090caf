// Package handlers serves requests with the agents factories.
package handlers

import (
	"fmt"
	"net/http"

	"example.com/app/agents"
	"example.com/app/deps"
)

// Whoami writes whether the factories act for this request.
func Whoami(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, deps.Agents().Context() == r.Context())
	f := agents.Global()
	fmt.Fprintln(w, f.Context() == r.Context())
}
