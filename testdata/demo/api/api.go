// Package api serves the agents over HTTP.
package api

import (
	"fmt"
	"net/http"
	"strings"
	"sync"

	"example.com/domain/agents/supervisor"
	"example.com/domain/services/userctx"
)

// Server routes the demo's HTTP API.
type Server struct {
	mux *http.ServeMux
}

// NewServer returns the API with its routes.
func NewServer() *Server {
	s := &Server{mux: http.NewServeMux()}
	s.mux.HandleFunc("POST /agents/{name}/run", s.handleRun)
	s.mux.HandleFunc("POST /batch", s.handleBatch)
	s.mux.HandleFunc("GET /tools", handleTools)
	return s
}

func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	// Authentication stand-in: trust the X-User header.
	if id := r.Header.Get("X-User"); id != "" {
		r = r.WithContext(userctx.With(r.Context(), &userctx.UserContext{UserID: id, Tenant: r.Header.Get("X-Tenant")}))
	}
	s.mux.ServeHTTP(w, r)
}

func (s *Server) handleRun(w http.ResponseWriter, r *http.Request) {
	agent := supervisor.GetAgentInstanceFactory().Agent(r.PathValue("name"))
	fmt.Fprintf(w, "%s runs for %s\n", agent.Name, agent.Owner)
}

// handleBatch starts every agent named in the "agents" form value, each in
// its own goroutine.
func (s *Server) handleBatch(w http.ResponseWriter, r *http.Request) {
	names := strings.Fields(r.FormValue("agents"))
	owners := make([]string, len(names))
	var wg sync.WaitGroup
	for i, name := range names {
		wg.Add(1)
		go func() {
			defer wg.Done()
			factory := supervisor.GetAgentInstanceFactory()
			owners[i] = factory.Agent(name).Owner
		}()
	}
	wg.Wait()
	for i, name := range names {
		fmt.Fprintf(w, "%s runs for %s\n", name, owners[i])
	}
}

func handleTools(w http.ResponseWriter, r *http.Request) {
	for _, tool := range supervisor.DefaultToolbox.Tools() {
		fmt.Fprintln(w, tool)
	}
}
