// Package api wraps deps: a two-level chain across packages.
package api

import (
	"example.com/wrap/agents"
	"example.com/wrap/deps"
)

// Agents forwards deps.Agents.
func Agents() *agents.Factory {
	return deps.Agents() // want `deps.Agents returns deps.current, which returns the process-wide singleton agents.Shared \(deps/deps.go:7\)`
}
