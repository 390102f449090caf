//go:build go1.23

package testhelpers

import (
	"testing"

	"example.com/app/agents/supervisor"
)

// Before Go 1.24 testing.T has no Context method.
func oldHelper(t *testing.T) {
	_ = supervisor.GetAgentInstanceFactory() // want `\(no fix: nothing in scope to pass: no variable of type \*example.com/app/services/userctx.UserContext, and no context or request for userctx.FromContext; t.Context\(\) needs Go 1.24, this file is at go1.23\)`
}
