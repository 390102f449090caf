// Package supervisor creates and keeps the agents that serve requests.
package supervisor

import (
	"sync"

	"example.com/domain/services/userctx"
)

// Agent is one running agent.
type Agent struct {
	Name  string
	Owner string // the user the agent acts for
}

// String returns the agent as owner/name.
func (a *Agent) String() string { return a.Owner + "/" + a.Name }

// AgentInstanceFactory creates agents and keeps them by name.
type AgentInstanceFactory struct {
	owner string

	mu     sync.Mutex
	agents map[string]*Agent
}

var (
	once   sync.Once
	shared *AgentInstanceFactory
)

// GetAgentInstanceFactory returns the process-wide factory. Its agents are
// shared by every request, whoever the user: use CreateAgentInstanceFactory.
func GetAgentInstanceFactory() *AgentInstanceFactory {
	once.Do(func() { shared = newFactory("shared") })
	return shared
}

// CreateAgentInstanceFactory returns a factory whose agents act for uctx.
func CreateAgentInstanceFactory(uctx *userctx.UserContext) *AgentInstanceFactory {
	if uctx == nil {
		return newFactory("anonymous")
	}
	return newFactory(uctx.UserID)
}

func newFactory(owner string) *AgentInstanceFactory {
	return &AgentInstanceFactory{owner: owner, agents: make(map[string]*Agent)}
}

// Agent returns the agent called name, creating it on first use.
func (f *AgentInstanceFactory) Agent(name string) *Agent {
	f.mu.Lock()
	defer f.mu.Unlock()
	a, ok := f.agents[name]
	if !ok {
		a = &Agent{Name: name, Owner: f.owner}
		f.agents[name] = a
	}
	return a
}

// Warm creates the agents every deployment needs.
func (f *AgentInstanceFactory) Warm() {
	for _, name := range []string{"planner", "summarizer"} {
		f.Agent(name)
	}
}
