// Package deps wraps the singleton the ways real code does.
package deps

import "example.com/wrap/agents"

func current() *agents.Factory {
	return agents.Shared() // want `agents.Shared is a process-wide singleton .*no fix: nothing in scope to pass.*; deps.current passes it on, and its callers are reported: once they are migrated, delete it or give it a per-request parameter\)`
}

// Agents is a wrapper of a wrapper.
func Agents() *agents.Factory {
	return current() // want `deps.current returns the process-wide singleton agents.Shared \(deps/deps.go:7\); use agents.ForUser instead \(no fix`
}

var fallback = agents.Shared() // want `agents.Shared is a process-wide singleton .*no fix: it is in a package-level initializer, where no request is in reach; it fills deps.fallback, whose reads are reported: once they are migrated, delete it\)`

// Fallback is the accessor of a holder variable.
func Fallback() *agents.Factory {
	return fallback // want `deps.fallback holds the process-wide singleton agents.Shared \(deps/deps.go:15\)`
}

// Container holds dependencies.
type Container struct{ Name string }

// Agents is a method wrapper.
func (c *Container) Agents() *agents.Factory {
	return agents.Shared() // want `agents.Shared is a process-wide singleton`
}

// Bound does more than return the singleton.
func Bound() *agents.Factory {
	f := agents.Shared() // want `agents.Shared is a process-wide singleton`
	f.Bind("system")
	return f
}

// Maybe returns something else on one path: not a wrapper.
func Maybe(ok bool) *agents.Factory {
	if ok {
		return agents.Shared() // want `agents.Shared is a process-wide singleton`
	}
	return agents.ForUser(nil)
}

// Exported has an exported field other packages may assign: not a holder.
type Exported struct{ Agents *agents.Factory }

// NewExported fills it.
func NewExported() *Exported {
	return &Exported{Agents: agents.Shared()} // want `agents.Shared is a process-wide singleton`
}

// Use takes a factory: what it is given is not followed.
func Use(f *agents.Factory) { f.Bind("x") }

// get holds the singleton func, not its value: not a holder, and calls of
// it are not followed.
var get = agents.Shared // want `agents.Shared is a process-wide singleton .*no fix: it is used as a value, not called`

// ViaGet calls through the func value: not a wrapper.
func ViaGet() *agents.Factory { return get() }

// WithName takes a parameter it does not pass on: it does more than
// return the singleton.
func WithName(name string) *agents.Factory {
	return agents.Shared() // want `agents.Shared is a process-wide singleton`
}
