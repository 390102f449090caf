package handlers

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"example.com/wrapped/deps"
	"example.com/wrapped/session"
)

// These tests describe the code after `factoryscope -fix ./...`: before
// it, every handler reaches the one process-wide factory through a helper
// (a wrapper chain, a holder's accessor, a container's method), which acts
// for nobody and keeps every request's tools, and they fail.

// handlerCase is a request to one handler and the answer it must give.
type handlerCase struct {
	name   string
	h      http.HandlerFunc
	method string
	target func(tool string) string       // the request's URL, naming tool
	want   func(user, tool string) string // the body for user
}

func cases() []handlerCase {
	h := &Handlers{Deps: &deps.Container{Name: "test"}}
	return []handlerCase{
		// api.Agents -> deps.Agents -> deps.current -> agents.Shared.
		{"Whoami (wrapper chain)", Whoami, http.MethodGet,
			func(string) string { return "/whoami" },
			func(user, _ string) string { return user + "\n" }},
		// deps.Fallback returns deps.fallback, set at start-up. Install
		// must read back the tool it registered, and only that one.
		{"Install (holder accessor)", Install, http.MethodPost,
			func(tool string) string { return "/install?tool=" + tool },
			func(_, tool string) string { return tool + "\n" }},
		// (*deps.Container).Agents; the goroutine must list the tools the
		// handler registered.
		{"Batch (container method)", h.Batch, http.MethodPost,
			func(tool string) string { return "/batch?tool=" + tool + "&tool=wc" },
			func(user, tool string) string { return user + ": " + tool + ",wc\n" }},
	}
}

// serve runs h on a request whose context carries user and returns the
// status and body. A panic in h fails the test instead of stopping the
// test binary.
func serve(t *testing.T, h http.HandlerFunc, user, method, target string) (code int, body string) {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	r = r.WithContext(session.WithUser(r.Context(), user))
	w := httptest.NewRecorder()
	panicked := true
	defer func() {
		if panicked {
			t.Errorf("%s %s for %q panicked: %v", method, target, user, recover())
			code, body = 0, ""
		}
	}()
	h(w, r)
	panicked = false
	return w.Code, w.Body.String()
}

// TestIsolation: concurrent requests for alice and bob each act for their
// own user and see only the tools they registered themselves.
func TestIsolation(t *testing.T) {
	const perUser = 10
	for _, c := range cases() {
		t.Run(c.name, func(t *testing.T) {
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
					code, body := serve(t, c.h, user, c.method, c.target(tool))
					answers[i] = answer{user, tool, body, code}
				})
			}
			wg.Wait()
			wrong := map[string]int{}
			for _, a := range answers {
				want := c.want(a.user, a.tool)
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
