// Package agents hands out the factories that run tools: two process-wide
// ones, and the per-request factory that replaces both.
package agents

import "context"

// Factory runs tools for the request of its context.
type Factory struct{ ctx context.Context }

var shared, global = &Factory{ctx: context.Background()}, &Factory{ctx: context.Background()}

// Shared returns the process-wide factory; its directive makes it a
// singleton for every driver, with no settings.
//
//factoryscope:singleton ForContext
func Shared() *Factory { return shared }

// Global returns another process-wide factory: a singleton because the
// nogo config's -settings say so.
func Global() *Factory { return global }

// ForContext returns a factory for the request of ctx.
func ForContext(ctx context.Context) *Factory { return &Factory{ctx: ctx} }

// Context returns the context the factory acts for.
func (f *Factory) Context() context.Context { return f.ctx }
