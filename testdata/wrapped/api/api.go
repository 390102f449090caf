// Package api is what handlers import: it forwards to deps, one package
// further from the singleton.
package api

import (
	"example.com/wrapped/agents"
	"example.com/wrapped/deps"
)

// Agents returns the agents factory.
func Agents() *agents.Factory {
	return deps.Agents()
}
