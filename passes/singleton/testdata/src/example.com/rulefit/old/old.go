// Package old declares a singleton whose configured replacement lives in
// package newer, which imports old: old cannot see it, newer reports the
// misfit.
package old

// F is a factory.
type F struct{}

// Get returns the shared factory.
func Get() *F { return nil }
