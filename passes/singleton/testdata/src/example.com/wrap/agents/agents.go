// Package agents has the singleton.
package agents

import "example.com/wrap/session"

// Factory builds agents.
type Factory struct{ user *session.User }

// Bind binds the factory to a role.
func (f *Factory) Bind(role string) {}

// Agent returns an agent.
func (f *Factory) Agent(q string) string { return q }

var shared = &Factory{}

// Shared is the process-wide singleton.
func Shared() *Factory { return shared }

// ForUser is its replacement.
func ForUser(u *session.User) *Factory { return &Factory{user: u} }
