// Package handlers serves agents over HTTP. It does not import userctx:
// fixing its two sites adds that import once.
package handlers

import (
	"context"
	"fmt"
	"net/http"

	"example.com/domain/agents/supervisor"
)

// Agent answers with the name of a new agent for the requesting user.
func Agent(w http.ResponseWriter, r *http.Request) {
	f := supervisor.GetAgentInstanceFactory()
	fmt.Fprintln(w, f.Agent(r.URL.Query().Get("name")))
}

// Describe names an agent for the user in ctx.
func Describe(ctx context.Context, name string) string {
	return "agent " + supervisor.GetAgentInstanceFactory().Agent(name).String()
}
