// Package handlers serves the agents API through the helpers of api and
// deps, which all hand out the process-wide agents.Shared(); after
// factoryscope -fix each handler must act for the user of its own request.
package handlers

import (
	"fmt"
	"net/http"
	"strings"

	"example.com/wrapped/api"
	"example.com/wrapped/deps"
)

// Whoami writes the user the request acts for, from a wrapper of a
// wrapper in another package.
func Whoami(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, api.Agents().User())
}

// Install registers the tool named in the query and writes the tools the
// factory then has: the one it has just registered, read back through a
// second call of the accessor, so both calls must reach one factory.
func Install(w http.ResponseWriter, r *http.Request) {
	tool := r.URL.Query().Get("tool")
	deps.Fallback().Register(tool)
	fmt.Fprintln(w, strings.Join(deps.Fallback().Tools(), ","))
}

// Handlers serves the routes that take the factory from a container.
type Handlers struct {
	Deps *deps.Container
}

// Batch registers the tools named in the query, lists them from a
// goroutine, and writes the user and the list: the handler and its
// goroutine must reach one factory.
func (h *Handlers) Batch(w http.ResponseWriter, r *http.Request) {
	for _, tool := range r.URL.Query()["tool"] {
		h.Deps.Agents().Register(tool)
	}
	listed := make(chan string)
	go func() {
		listed <- strings.Join(h.Deps.Agents().Tools(), ",")
	}()
	fmt.Fprintf(w, "%s: %s\n", h.Deps.Agents().User(), <-listed)
}
