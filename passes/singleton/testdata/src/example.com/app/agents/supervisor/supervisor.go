// Package supervisor owns the agent factory.
package supervisor

import (
	"context"
	"sync"

	"example.com/app/services/userctx"
)

// AgentInstanceFactory builds agents.
type AgentInstanceFactory struct{ user *userctx.UserContext }

var (
	once   sync.Once
	global *AgentInstanceFactory
)

// Default is the process-wide factory as a var.
var Default = GetAgentInstanceFactory() // want `supervisor.GetAgentInstanceFactory is a process-wide singleton .* \(no fix: it is in a package-level initializer`

// GetAgentInstanceFactory returns the process-wide factory.
func GetAgentInstanceFactory() *AgentInstanceFactory {
	once.Do(func() { global = &AgentInstanceFactory{} })
	return GetAgentInstanceFactory() // its own body: not reported
}

// CreateAgentInstanceFactory returns a factory for one request's user.
func CreateAgentInstanceFactory(u *userctx.UserContext) *AgentInstanceFactory {
	return &AgentInstanceFactory{user: u}
}

// Named is a singleton with a parameter.
func Named(name string, opts ...int) *AgentInstanceFactory { return global }

// CreateNamed is Named for one request.
func CreateNamed(u *userctx.UserContext, name string, opts ...int) *AgentInstanceFactory {
	return CreateAgentInstanceFactory(u)
}

func warm(u *userctx.UserContext) {
	// A write: not reported.
	Default = nil
	_ = Named("x") // want `supervisor.Named is a process-wide singleton shared by all requests; call CreateNamed with u instead`
}

// Conn carries a request's context.
type Conn struct{ ctx context.Context }

func (c *Conn) Context() context.Context { return c.ctx }
