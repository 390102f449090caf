// Package userctx carries the authenticated user of a request.
package userctx

import (
	"context"
	"net/http"
)

// UserContext is the user a request acts for.
type UserContext struct {
	UserID string
	Tenant string
}

type key struct{}

// With returns a copy of ctx that carries u.
func With(ctx context.Context, u *UserContext) context.Context {
	return context.WithValue(ctx, key{}, u)
}

// FromContext returns the user ctx carries, or an anonymous user.
func FromContext(ctx context.Context) *UserContext {
	if u, ok := ctx.Value(key{}).(*UserContext); ok {
		return u
	}
	return &UserContext{UserID: "anonymous"}
}

// Middleware authenticates each request (here: trusts the X-User header)
// and puts its user in the request's context.
func Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := r.Header.Get("X-User"); id != "" {
			r = r.WithContext(With(r.Context(), &UserContext{UserID: id, Tenant: r.Header.Get("X-Tenant")}))
		}
		next.ServeHTTP(w, r)
	})
}
