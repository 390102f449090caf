package api_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"example.com/demo/api"
)

func TestRoutes(t *testing.T) {
	srv := httptest.NewServer(api.NewServer())
	defer srv.Close()
	for _, tt := range []struct{ method, path, body, want string }{
		{"POST", "/agents/planner/run", "", "planner runs for "},
		{"POST", "/batch", "agents=planner+summarizer", "summarizer runs for "},
		{"GET", "/tools", "", "calculator"},
	} {
		req, err := http.NewRequestWithContext(t.Context(), tt.method, srv.URL+tt.path, strings.NewReader(tt.body))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("X-User", "ann")
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil || resp.StatusCode != http.StatusOK || !strings.Contains(string(body), tt.want) {
			t.Errorf("%s %s = %d %q (%v), want 200 and %q", tt.method, tt.path, resp.StatusCode, body, err, tt.want)
		}
	}
}
