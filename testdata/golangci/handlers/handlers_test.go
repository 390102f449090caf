package handlers_test

import (
	"context"
	"net/http/httptest"
	"testing"

	"example.com/domain/services/userctx"
	"example.com/gcl/handlers"
)

// These tests describe the code after `golangci-lint run --fix`: before
// it, every agent belongs to the shared user and they fail.

func TestAgentIsTheRequestUsers(t *testing.T) {
	r := httptest.NewRequest("GET", "/agent?name=scout", nil)
	r = r.WithContext(userctx.With(r.Context(), &userctx.UserContext{UserID: "alice"}))
	w := httptest.NewRecorder()
	handlers.Agent(w, r)
	if got, want := w.Body.String(), "alice/scout\n"; got != want {
		t.Errorf("Agent wrote %q, want %q", got, want)
	}
}

func TestDescribeIsTheContextUsers(t *testing.T) {
	ctx := userctx.With(context.Background(), &userctx.UserContext{UserID: "bob"})
	if got, want := handlers.Describe(ctx, "scout"), "agent bob/scout"; got != want {
		t.Errorf("Describe = %q, want %q", got, want)
	}
}
