// Package reg hands out a deps.Container: its importers reach the method
// wrapper without importing deps.
package reg

import "example.com/wrap/deps"

// Container returns the container.
func Container() *deps.Container { return &deps.Container{} }
