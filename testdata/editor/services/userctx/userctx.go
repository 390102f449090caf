// Package userctx carries the calling user through a request's context.
package userctx

import "context"

// UserContext is the user a request runs for.
type UserContext struct {
	User string
}

type key struct{}

// WithUser returns a context that carries user.
func WithUser(ctx context.Context, user string) context.Context {
	return context.WithValue(ctx, key{}, &UserContext{User: user})
}

// FromContext returns the user carried by ctx, or an anonymous user.
func FromContext(ctx context.Context) *UserContext {
	if u, ok := ctx.Value(key{}).(*UserContext); ok {
		return u
	}
	return &UserContext{User: "anonymous"}
}
