// Package jobs runs background work for users.
package jobs

import (
	"context"

	"example.com/domain/agents/supervisor"
	"example.com/domain/services/userctx"
)

// Run starts a named agent for u.
func Run(u *userctx.UserContext, name string) string {
	return supervisor.GetAgentInstanceFactory().Agent(name).String()
}

// Schedule starts a named agent for the user in ctx.
func Schedule(ctx context.Context, name string) string {
	f := supervisor.GetAgentInstanceFactory()
	return f.Agent(name).String()
}

// Warmup runs at startup: no request, so no user, is in reach.
func Warmup() string {
	return supervisor.GetAgentInstanceFactory().Agent("warmup").String()
}

// Metrics reads the shared factory on purpose.
func Metrics() string {
	return supervisor.GetAgentInstanceFactory().Agent("metrics").String() //nolint:factoryscope // metrics are process-wide by design
}
