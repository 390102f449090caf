// Package agents hands out the factories that run tools for a user.
package agents

import (
	"slices"
	"sync"

	"example.com/migration/session"
)

// Factory runs tools on behalf of one user and keeps the tools registered
// on it.
type Factory struct {
	user  *session.User
	mu    sync.Mutex
	tools []string
}

// User returns the name of the user the factory acts for ("" for the
// anonymous user).
func (f *Factory) User() string { return f.user.Name }

// Register adds a tool to the factory.
func (f *Factory) Register(tool string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.tools = append(f.tools, tool)
}

// Tools returns the tools registered on the factory, in order.
func (f *Factory) Tools() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.Clone(f.tools)
}

var (
	once   sync.Once
	shared *Factory
)

// Shared returns the process-wide factory: it acts for nobody, and every
// request sees the tools of every other. The rule in .golangci.yml
// replaces it with ForUser.
func Shared() *Factory {
	once.Do(func() { shared = &Factory{user: &session.User{}} })
	return shared
}

// ForUser returns a new factory acting for u.
func ForUser(u *session.User) *Factory {
	return &Factory{user: u}
}
