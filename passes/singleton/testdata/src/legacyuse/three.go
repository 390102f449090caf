package legacyuse

import (
	"context"

	"example.com/app/agents/supervisor"
	"example.com/app/services/userctx"

	"example.com/app/legacy"
)

var _ *userctx.UserContext

// The import of legacy is a group of its own: it goes with its blank line.
func three(ctx context.Context) *supervisor.AgentInstanceFactory {
	return legacy.Factory() // want `call supervisor.CreateAgentInstanceFactory with userctx.FromContext\(ctx\) instead`
}
