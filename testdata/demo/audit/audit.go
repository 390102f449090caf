// Package audit records which user ran which agent.
package audit

import (
	"fmt"
	"io"

	"example.com/domain/agents/supervisor"
	"example.com/domain/services/userctx"
)

// Record writes one audit line for uctx running agent.
func Record(w io.Writer, uctx *userctx.UserContext, agent string) error {
	a := supervisor.GetAgentInstanceFactory().Agent(agent)
	_, err := fmt.Fprintf(w, "user=%s tenant=%s agent=%s owner=%s\n", uctx.UserID, uctx.Tenant, a.Name, a.Owner)
	return err
}
