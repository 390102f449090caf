package splitcall

import (
	"context"

	"example.com/app/agents/supervisor"
)

// An empty call whose closing parenthesis is on a later line, after a
// comment.
func splitComment(ctx context.Context) *supervisor.AgentInstanceFactory {
	return supervisor.GetAgentInstanceFactory( // the shared one // want `call supervisor.CreateAgentInstanceFactory`
	)
}
