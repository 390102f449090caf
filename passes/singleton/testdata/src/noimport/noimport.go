// Package noimport does not import userctx: the fixes add the import, once.
package noimport

import (
	"context"
	"net/http"

	"example.com/app/agents/supervisor"
)

func one(ctx context.Context) *supervisor.AgentInstanceFactory {
	return supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(ctx\) instead`
}

func two(w http.ResponseWriter, r *http.Request) {
	a := supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(r.Context\(\)\) instead`
	b := supervisor.Named("b")                // want `call supervisor.CreateNamed with userctx.FromContext\(r.Context\(\)\) instead`
	_, _ = a, b
}

// Conn carries a context.
type Conn struct{ ctx context.Context }

func (c *Conn) Context() context.Context { return c.ctx }
