// Package jobs runs the background jobs of a user.
package jobs

import (
	"context"

	"example.com/migration/agents"
)

// Nightly registers the nightly tool for the user ctx carries and returns
// the tools then registered.
func Nightly(ctx context.Context) []string {
	f := agents.Shared()
	f.Register("nightly")
	return f.Tools()
}
