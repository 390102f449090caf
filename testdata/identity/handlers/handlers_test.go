package handlers

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"example.com/identity/agents"
	"example.com/identity/userctx"
)

// These tests describe the code after `factoryscope -fix ./...`: before
// it, every handler reaches the one process-wide factory, which acts for
// nobody and keeps every request's tools, and they fail.

// handlerCase is a request to one handler and the answer it must give.
type handlerCase struct {
	name   string
	h      http.HandlerFunc
	method string
	target func(tool string) string       // the request's URL, naming tool
	want   func(user, tool string) string // the body for user
}

var cases = []handlerCase{
	{"Whoami", Whoami, "GET",
		func(string) string { return "/whoami" },
		func(user, _ string) string { return user + "\n" }},
	// Install must read back the tool it registered, and only that one.
	{"Install", Install, "POST",
		func(tool string) string { return "/install?tool=" + tool },
		func(_, tool string) string { return tool + "\n" }},
	// Run's innermost context is detached from the request.
	{"Run", Run, "POST",
		func(tool string) string { return "/run?tool=" + tool + "&tool=wc" },
		func(user, tool string) string { return tool + " ran for " + user + "\nwc ran for " + user + "\n" }},
	// Profile's helper has a named result ctx, nil until its return.
	{"Profile", Profile, "GET",
		func(string) string { return "/profile" },
		func(user, _ string) string { return user + "\n" }},
	// Batch's goroutine must list the tools the handler registered.
	{"Batch", Batch, "POST",
		func(tool string) string { return "/batch?tool=" + tool + "&tool=wc" },
		func(user, tool string) string { return user + ": " + tool + ",wc\n" }},
}

// serve runs h on a request whose context carries user (none if user is
// "") and returns the status and body. A panic in h fails the test instead
// of stopping the test binary.
func serve(t *testing.T, h http.HandlerFunc, user, method, target string) (code int, body string) {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	if user != "" {
		r = r.WithContext(userctx.WithUser(r.Context(), user))
	}
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

// check reports how the answer got for user differs from want.
func check(t *testing.T, c handlerCase, user string, code int, got, want string) {
	t.Helper()
	if code == http.StatusOK && got == want {
		return
	}
	other := map[string]string{"alice": "bob", "bob": "alice"}[user]
	who := ""
	switch {
	case strings.Contains(got, "service"):
		who = ": it acts for the service account"
	case code == http.StatusUnauthorized, !strings.Contains(got, user):
		who = ": it does not act for the caller"
	case strings.Contains(got, other):
		who = ": it sees " + other + "'s tools"
	}
	t.Errorf("%s for %s: status %d, body %q; want 200, %q%s", c.name, user, code, got, want, who)
}

// TestActsForCaller: each handler acts for the user of its request, not
// the service account, not the anonymous user.
func TestActsForCaller(t *testing.T) {
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, user := range []string{"alice", "bob"} {
				tool := user + "-search"
				code, got := serve(t, c.h, user, c.method, c.target(tool))
				check(t, c, user, code, got, c.want(user, tool))
			}
		})
	}
}

// TestIsolation: concurrent requests for alice and bob each see their own
// user and only the tools they registered themselves.
func TestIsolation(t *testing.T) {
	const perUser = 10
	for _, c := range cases {
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
				if want := c.want(a.user, a.tool); a.code != http.StatusOK || a.body != want {
					if wrong[a.user]++; wrong[a.user] == 1 {
						check(t, c, a.user, a.code, a.body, want)
					}
				}
			}
			for user, n := range wrong {
				t.Logf("%s: %d of %d answers for %s were wrong", c.name, n, perUser, user)
			}
		})
	}
}

// TestAnonymousNoPanic: a request that carries no user reaches every
// handler without a panic (a fix that passed a nil context or user would
// panic here), and Profile refuses it.
func TestAnonymousNoPanic(t *testing.T) {
	for _, c := range cases {
		code, _ := serve(t, c.h, "", c.method, c.target("x"))
		if c.name == "Profile" && code != http.StatusUnauthorized {
			t.Errorf("Profile for the anonymous user: status %d, want %d", code, http.StatusUnauthorized)
		}
	}
}

// TestRunToolActsForTheTest: a test gets the test's own user, not the
// anonymous one that t.Context() would give.
func TestRunToolActsForTheTest(t *testing.T) {
	out, err := runTool(t.Context(), agents.Shared(), "grep")
	if want := "grep ran for test:" + t.Name(); err != nil || out != want {
		t.Errorf("runTool = %q, %v; want %q", out, err, want)
	}
}
