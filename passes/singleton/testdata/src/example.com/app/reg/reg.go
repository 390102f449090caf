// Package reg has a singleton whose replacement lives in a package that
// imports it.
package reg

// T is a registry.
type T struct{}

func Get() *T { return nil }
