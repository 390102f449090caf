// Package api serves the agent endpoints.
package api

import (
	"fmt"
	"net/http"

	"example.com/domain/agents/supervisor"
)

// StartAgent starts the agent named in the query. The greeting before the
// site is non-ASCII (2-, 3- and 4-byte UTF-8) so that byte, UTF-16 and
// UTF-32 columns all differ on the site's line.
func StartAgent(w http.ResponseWriter, r *http.Request) {
	name := r.URL.Query().Get("name")
	fmt.Fprintf(w, "Grüße → 🚀 %s\n", supervisor.GetAgentInstanceFactory().Agent(name))
}
