package wrapgo

import (
	"context"

	"example.com/wrap/deps"
)

// The file does not import session: the fix adds it, and drops deps,
// whose last use this is.
func run(ctx context.Context, done chan<- string) {
	go func() {
		done <- deps.Agents().Agent("q") // want `call agents.ForUser with session.FromContext\(ctx\) instead`
	}()
}
