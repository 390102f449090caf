package aliased

import (
	"context"

	. "example.com/app/agents/supervisor"
)

func g(ctx context.Context) {
	_ = GetAgentInstanceFactory() // want `supervisor.GetAgentInstanceFactory is a process-wide singleton shared by all requests; call CreateAgentInstanceFactory with userctx.FromContext\(ctx\) instead`
}
