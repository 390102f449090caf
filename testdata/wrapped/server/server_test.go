package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"example.com/wrapped/session"
)

// These tests describe the code after `factoryscope -fix ./...`: before
// it, every handler reads the factory NewServer put in the server's field,
// the one process-wide factory, which acts for nobody and keeps every
// request's tools, and they fail.

// route is a request to one route of the server and the answer it must
// give.
type route struct {
	name   string
	method string
	target func(tool string) string       // the request's URL, naming tool
	want   func(user, tool string) string // the body for user
}

var routes = []route{
	{"Whoami", http.MethodGet,
		func(string) string { return "/whoami" },
		func(user, _ string) string { return user + "\n" }},
	// Install must read back the tool it registered, and only that one.
	{"Install", http.MethodPost,
		func(tool string) string { return "/install?tool=" + tool },
		func(_, tool string) string { return tool + "\n" }},
	// Run reads the field in a helper that has the request's context.
	{"Run", http.MethodPost,
		func(tool string) string { return "/run?tool=" + tool },
		func(user, tool string) string { return tool + " ran for " + user + "\n" }},
}

// TestIsolation: one server takes concurrent requests for alice and bob;
// each acts for its own user and sees only the tools it registered
// itself.
func TestIsolation(t *testing.T) {
	const perUser = 10
	h := NewServer().Routes()
	for _, rt := range routes {
		t.Run(rt.name, func(t *testing.T) {
			type answer struct {
				user, tool, body string
				code             int
			}
			answers := make([]answer, 2*perUser)
			var wg sync.WaitGroup
			for i := range answers {
				user := []string{"alice", "bob"}[i%2]
				tool := fmt.Sprintf("%s-%d", user, i)
				wg.Go(func() {
					r := httptest.NewRequest(rt.method, rt.target(tool), nil)
					r = r.WithContext(session.WithUser(r.Context(), user))
					w := httptest.NewRecorder()
					h.ServeHTTP(w, r)
					answers[i] = answer{user, tool, w.Body.String(), w.Code}
				})
			}
			wg.Wait()
			wrong := map[string]int{}
			for _, a := range answers {
				want := rt.want(a.user, a.tool)
				if a.code == http.StatusOK && a.body == want {
					continue
				}
				if wrong[a.user]++; wrong[a.user] > 1 {
					continue
				}
				other := map[string]string{"alice": "bob", "bob": "alice"}[a.user]
				why := ""
				switch {
				case !strings.Contains(a.body, a.user):
					why = ": it does not act for the caller"
				case strings.Contains(a.body, other):
					why = ": it sees " + other + "'s tools"
				}
				t.Errorf("for %s: status %d, body %q; want 200, %q%s", a.user, a.code, a.body, want, why)
			}
			for user, n := range wrong {
				t.Logf("%d of %d answers for %s were wrong", n, perUser, user)
			}
		})
	}
}
