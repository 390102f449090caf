package newgroup

import (
	"example.com/app/agents/supervisor"
	"example.com/app/reg"
	"example.com/app/regnew"
)

var _ = regnew.Create

func registry() *reg.T { return reg.Get() } // want `reg.Get is a process-wide singleton`

func agents() *supervisor.AgentInstanceFactory { return supervisor.GetAgentInstanceFactory() } // want `supervisor.GetAgentInstanceFactory is a process-wide singleton`
