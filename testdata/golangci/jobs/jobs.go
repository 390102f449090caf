// Package jobs runs background work for users.
package jobs

import (
	"context"

	"example.com/gcl/agents/supervisor"
	"example.com/gcl/services/userctx"
)

// Run starts a named agent for u.
func Run(u *userctx.UserContext, name string) string {
	return supervisor.GetAgentInstanceFactory().NewAgent(name)
}

// Schedule starts a named agent for the user in ctx.
func Schedule(ctx context.Context, name string) string {
	f := supervisor.GetAgentInstanceFactory()
	return f.NewAgent(name)
}

// Warmup runs at startup: no request, so no user, is in reach.
func Warmup() string {
	return supervisor.GetAgentInstanceFactory().NewAgent("warmup")
}

// Metrics reads the shared factory on purpose.
func Metrics() string {
	return supervisor.GetAgentInstanceFactory().NewAgent("metrics") //nolint:factoryscope // metrics are process-wide by design
}
