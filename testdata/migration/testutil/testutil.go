// Package testutil helps the tests. It is in phase tests
// (**/testutil/** in .golangci.yml).
package testutil

import "example.com/migration/agents"

// Agents returns the factory the tests use: a wrapper of the singleton,
// so its callers are reported (category indirect) and fixed.
func Agents() *agents.Factory {
	return agents.Shared()
}

// Seeded returns the factory with the seed tool registered: a wrapper
// that does more than return the singleton, so its callers get no fix.
func Seeded() *agents.Factory {
	f := agents.Shared()
	f.Register("seed")
	return f
}
