// Package handlers uses the factories from a request.
package handlers

import (
	"net/http"

	"example.com/app/agents"
	"example.com/app/deps"
)

// Serve uses the wrapper and the configured singleton.
func Serve(w http.ResponseWriter, r *http.Request) {
	_ = deps.Agents()
	_ = agents.Global()
}
