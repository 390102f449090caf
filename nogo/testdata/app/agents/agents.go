// Package agents hands out factories: two process-wide ones, and their
// per-request replacements.
package agents

import "context"

// Factory runs tools for a user.
type Factory struct{ ctx context.Context }

var shared, global = &Factory{}, &Factory{}

// Shared is a singleton by its directive.
//
//factoryscope:singleton ForContext
func Shared() *Factory { return shared }

// Global is a singleton only when the settings say so.
func Global() *Factory { return global }

// ForContext returns a factory for the request of ctx.
func ForContext(ctx context.Context) *Factory { return &Factory{ctx: ctx} }
