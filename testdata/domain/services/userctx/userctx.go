// Package userctx carries the authenticated user of a request.
package userctx

import "context"

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
