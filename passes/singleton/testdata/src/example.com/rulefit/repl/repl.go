// Package repl lacks the replacement a rule names.
package repl

import "context"

// H is a value.
type H struct{}

func CreateH(ctx context.Context) *H { return nil }
