// Package api serves the agents API. Every use of the singletons here has
// the request in reach: factoryscope -phase production -fix migrates
// them all.
package api

import (
	"fmt"
	"net/http"
	"strings"

	"example.com/migration/agents"
	"example.com/migration/registry"
)

// Whoami writes the user the request acts for.
func Whoami(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, agents.Shared().User())
}

// Install registers the tool named in the query and writes the tools the
// factory then has: both uses must reach one factory.
func Install(w http.ResponseWriter, r *http.Request) {
	tool := r.URL.Query().Get("tool")
	agents.Shared().Register(tool)
	fmt.Fprintln(w, strings.Join(agents.Shared().Tools(), ","))
}

// Catalog writes the tools the user may install.
func Catalog(w http.ResponseWriter, r *http.Request) {
	fmt.Fprintln(w, strings.Join(registry.Default.Names(), ","))
}
