// Package supervisor builds the factories that create agent instances.
package supervisor

import (
	"sync"

	"example.com/app/services/userctx"
)

// AgentInstanceFactory creates agents on behalf of one owner.
type AgentInstanceFactory struct {
	owner string
}

// New returns the name of a new agent instance.
func (f *AgentInstanceFactory) New(name string) string {
	return f.owner + "/" + name
}

var (
	once   sync.Once
	shared *AgentInstanceFactory
)

// GetAgentInstanceFactory returns the process-wide factory: every request
// shares its owner.
func GetAgentInstanceFactory() *AgentInstanceFactory {
	once.Do(func() { shared = &AgentInstanceFactory{owner: "system"} })
	return shared
}

// CreateAgentInstanceFactory returns a factory owned by the request's user.
func CreateAgentInstanceFactory(uctx *userctx.UserContext) *AgentInstanceFactory {
	return &AgentInstanceFactory{owner: uctx.User}
}
