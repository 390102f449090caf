package handlers

import (
	"testing"

	"example.com/app/agents"
)

func TestShared(t *testing.T) {
	if agents.Shared() == nil {
		t.Fatal("no factory")
	}
}
