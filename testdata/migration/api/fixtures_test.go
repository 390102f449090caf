package api_test

import (
	"testing"

	"example.com/migration/agents"
)

// seed registers the fixture tools. Nothing in scope says whom for: no
// test, no context, so factoryscope reports the site without a fix.
func seed() {
	agents.Shared().Register("fixture")
}

func TestSeed(t *testing.T) {
	seed()
}
