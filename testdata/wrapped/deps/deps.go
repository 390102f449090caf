// Package deps hands the agents factory to the rest of the service the
// ways real code does: a wrapper over a wrapper, a variable set at
// start-up with its accessor, and a method of a dependency container.
// None of them has a request in reach, so factoryscope reports the uses
// here without a fix, and fixes their callers instead.
package deps

import "example.com/wrapped/agents"

func current() *agents.Factory {
	return agents.Shared()
}

// Agents returns the agents factory.
func Agents() *agents.Factory {
	return current()
}

var fallback = agents.Shared()

// Fallback returns the factory set at start-up.
func Fallback() *agents.Factory {
	return fallback
}

// Container holds the service's dependencies.
type Container struct {
	Name string
}

// Agents returns the container's agents factory.
func (c *Container) Agents() *agents.Factory {
	return agents.Shared()
}
