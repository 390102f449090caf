package valuesuse

import (
	"context"
	"net/http"
	"time"

	"example.com/app/agents/supervisor"
	"example.com/app/services/userctx"
)

// A named result is zero until assigned: the request is passed instead.
func withUser(r *http.Request) (ctx context.Context, err error) {
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(r.Context\(\)\) instead`
	return r.Context(), nil
}

// A named result alone: no fix, rather than a nil user.
func user() (u *userctx.UserContext) {
	_ = supervisor.GetAgentInstanceFactory() // want `no fix: .*; u holds no value here`
	return
}

// A var without a value is passed over until it is assigned.
func declaredLater(r *http.Request) {
	var uctx *userctx.UserContext
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(r.Context\(\)\) instead`
	uctx = userctx.FromContext(r.Context())
	_ = uctx
}

func assignedBefore(r *http.Request) {
	var uctx *userctx.UserContext
	uctx = userctx.FromContext(r.Context())
	_ = supervisor.GetAgentInstanceFactory() // want `with uctx instead`
	_ = uctx
}

// Assigned in a branch only: not on every path to the site.
func assignedInBranch(r *http.Request, admin bool) {
	var uctx *userctx.UserContext
	if admin {
		uctx = userctx.FromContext(r.Context())
	}
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(r.Context\(\)\) instead`
	_ = uctx
}

// A detached context is innermost; the request one scope out is passed.
func handle(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodPost {
		bg, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(r.Context\(\)\) instead`
		_ = bg
	}
}

// A detached context alone: no fix, and the message says why.
func worker() {
	ctx := context.Background()
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	_ = supervisor.GetAgentInstanceFactory() // want `no fix: .*; ctx carries no user: it derives from context.Background\(\)`
	_ = ctx
}

var root = context.TODO()

func fromRoot() {
	ctx := context.WithValue(root, "k", "v")
	_ = supervisor.GetAgentInstanceFactory() // want `no fix: .*; ctx carries no user: it derives from the package-level variable root`
	_ = ctx
}

// WithoutCancel keeps the request's values, and so its user.
func async(r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(ctx\) instead`
	_ = ctx
}

var admin = &userctx.UserContext{ID: "admin"}

// A variable that holds a package-level value is the same for every
// request: the request is passed instead.
func asAdmin(r *http.Request) {
	u := admin
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(r.Context\(\)\) instead`
	_ = u
}

// A conversion does not hide a detached context.
func converted() {
	ctx := context.Context(context.Background())
	_ = supervisor.GetAgentInstanceFactory() // want `no fix: .*; ctx carries no user: it derives from context.Background\(\)`
	_ = ctx
}
