// Package netctx wraps package context as golang.org/x/net/context does:
// through an alias, which the wrapper's result is written with.
package netctx

import "context"

// Context is context.Context.
type Context = context.Context

// Background forwards context.Background.
func Background() Context { return context.Background() } // want `context.Background is a process-wide singleton`
