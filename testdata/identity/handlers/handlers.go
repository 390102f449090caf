// Package handlers serves the agents API. Every handler reaches the
// process-wide agents.Shared(); after factoryscope -fix each one must act
// for the user of its own request.
package handlers

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"example.com/identity/agents"
)

// Whoami writes the user the request acts for.
func Whoami(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, agents.Shared().User())
}

// Install registers the tool named in the query and writes the tools the
// factory then has: the one it has just registered, read back through a
// second call, so both calls must reach one factory.
func Install(w http.ResponseWriter, r *http.Request) {
	tool := r.URL.Query().Get("tool")
	agents.Shared().Register(tool)
	fmt.Fprintln(w, strings.Join(agents.Shared().Tools(), ","))
}

// Run runs each tool named in the query under a deadline of its own,
// detached from the request so that a client hanging up does not stop a
// tool half way. The detached context is innermost but carries no user.
func Run(w http.ResponseWriter, r *http.Request) {
	for _, tool := range r.URL.Query()["tool"] {
		bg, cancel := context.WithTimeout(context.Background(), time.Second)
		out, err := runTool(bg, agents.Shared(), tool)
		cancel()
		if err != nil {
			http.Error(w, err.Error(), http.StatusGatewayTimeout)
			return
		}
		fmt.Fprintln(w, out)
	}
}

// runTool runs tool with f unless ctx is done first.
func runTool(ctx context.Context, f *agents.Factory, tool string) (string, error) {
	select {
	case <-ctx.Done():
		return "", ctx.Err()
	default:
		return tool + " ran for " + f.User(), nil
	}
}

type actingFor struct{}

var errAnonymous = errors.New("anonymous request")

// withUser returns the context to serve r with, which names the user the
// request acts for, or an error for an anonymous request. Its named result
// ctx is nil until the return.
func withUser(r *http.Request) (ctx context.Context, err error) {
	user := agents.Shared().User()
	if user == "" {
		return nil, errAnonymous
	}
	return context.WithValue(r.Context(), actingFor{}, user), nil
}

// Profile writes the user withUser found, and refuses anonymous requests.
func Profile(w http.ResponseWriter, r *http.Request) {
	ctx, err := withUser(r)
	if err != nil {
		http.Error(w, err.Error(), http.StatusUnauthorized)
		return
	}
	fmt.Fprintln(w, ctx.Value(actingFor{}))
}

// Batch registers the tools named in the query, lists them from a
// goroutine, and writes the user and the list: the handler and its
// goroutine must reach one factory.
func Batch(w http.ResponseWriter, r *http.Request) {
	for _, tool := range r.URL.Query()["tool"] {
		agents.Shared().Register(tool)
	}
	listed := make(chan string)
	go func() {
		listed <- strings.Join(agents.Shared().Tools(), ",")
	}()
	fmt.Fprintf(w, "%s: %s\n", agents.Shared().User(), <-listed)
}
