// Package supervisor hands out agent factories.
package supervisor

import "example.com/gcl/services/userctx"

// Factory builds agents on behalf of one user.
type Factory struct {
	user string
}

// NewAgent names a new agent of the factory's user.
func (f *Factory) NewAgent(name string) string { return f.user + "/" + name }

var shared = &Factory{user: "shared"}

// GetAgentInstanceFactory returns the process-wide factory: every request
// shares its user.
func GetAgentInstanceFactory() *Factory { return shared }

// CreateAgentInstanceFactory returns a factory for the request's user.
func CreateAgentInstanceFactory(u *userctx.UserContext) *Factory {
	return &Factory{user: u.Name}
}
