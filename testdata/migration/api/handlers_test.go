package api_test

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"example.com/migration/agents"
	"example.com/migration/api"
	"example.com/migration/session"
)

func get(t *testing.T, h http.HandlerFunc, target, user string) string {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, target, nil)
	req = req.WithContext(session.WithUser(req.Context(), user))
	rec := httptest.NewRecorder()
	h(rec, req)
	return rec.Body.String()
}

// TestHandlers passes before and after the migration of production code:
// it does not depend on whom the handlers act for.
func TestHandlers(t *testing.T) {
	if got := get(t, api.Install, "/install?tool=grep", "alice"); got == "" {
		t.Errorf("Install wrote nothing")
	}
	if got := get(t, api.Catalog, "/catalog", "alice"); got == "" {
		t.Errorf("Catalog wrote nothing")
	}
	if got := get(t, api.Whoami, "/whoami", "alice"); got != "alice\n" && got != "\n" {
		t.Errorf("Whoami = %q", got)
	}
}

// TestRegister uses the factory directly; t.Context() is in scope, so
// factoryscope fixes it in phase tests.
func TestRegister(t *testing.T) {
	f := agents.Shared()
	f.Register("lint")
	if !slices.Contains(f.Tools(), "lint") {
		t.Errorf("Tools() = %q, want lint in it", f.Tools())
	}
}
