// Package legacy wraps the supervisor's singleton; its replacement lives in
// supervisor.
package legacy

import "example.com/app/agents/supervisor"

func Factory() *supervisor.AgentInstanceFactory { return supervisor.GetAgentInstanceFactory() } // want `supervisor.GetAgentInstanceFactory is a process-wide singleton`

// Version is not a singleton.
const Version = 1
