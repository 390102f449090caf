// Package deps wraps the singleton: its callers in other packages are
// reported through a fact.
package deps

import "example.com/app/agents"

// Agents returns the shared factory.
func Agents() *agents.Factory { return agents.Shared() }
