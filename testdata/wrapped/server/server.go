// Package server serves the agents API from a Server that keeps the
// factory in an unexported field, filled once by NewServer. Every handler
// reads the field; after factoryscope -fix each one must build the factory
// of its own request's user instead.
package server

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"example.com/wrapped/agents"
)

// Server serves the agents API.
type Server struct {
	agents *agents.Factory
}

// NewServer returns a server. No request is in reach here: factoryscope
// reports the use without a fix, and fixes the field's reads instead.
func NewServer() *Server {
	return &Server{agents: agents.Shared()}
}

// Routes returns the server's handler.
func (s *Server) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /whoami", s.Whoami)
	mux.HandleFunc("POST /install", s.Install)
	mux.HandleFunc("POST /run", s.Run)
	return mux
}

// Whoami writes the user the request acts for.
func (s *Server) Whoami(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, s.agents.User())
}

// Install registers the tool named in the query and writes the tools the
// factory then has: the one it has just registered, read back through a
// second read of the field, so both reads must reach one factory.
func (s *Server) Install(w http.ResponseWriter, r *http.Request) {
	tool := r.URL.Query().Get("tool")
	s.agents.Register(tool)
	fmt.Fprintln(w, strings.Join(s.agents.Tools(), ","))
}

// Run runs the tool named in the query.
func (s *Server) Run(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, s.runTool(r.Context(), r.URL.Query().Get("tool")))
}

// runTool runs tool for the user of ctx.
func (s *Server) runTool(ctx context.Context, tool string) string {
	return tool + " ran for " + s.agents.User()
}
