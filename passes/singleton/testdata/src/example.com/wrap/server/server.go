// Package server keeps the singleton in an unexported field.
package server

import (
	"context"

	"example.com/wrap/agents"
)

// Server serves requests.
type Server struct{ agents *agents.Factory }

// NewServer fills the field with the singleton.
func NewServer() *Server {
	return &Server{agents: agents.Shared()} // want `agents.Shared is a process-wide singleton .*; it fills server.Server.agents, whose reads are reported`
}

// Handle reads the field with a request's context in reach.
func (s *Server) Handle(ctx context.Context, q string) string {
	return s.agents.Agent(q) // want `server.Server.agents holds the process-wide singleton agents.Shared \(server/server.go:15\); call agents.ForUser with session.FromContext\(ctx\) instead`
}
