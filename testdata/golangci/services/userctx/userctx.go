// Package userctx carries the requesting user in a context.
package userctx

import "context"

// UserContext is the user a request is made for.
type UserContext struct {
	Name string
}

type key struct{}

// With returns a copy of ctx that carries the user name.
func With(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, key{}, &UserContext{Name: name})
}

// FromContext returns the user ctx carries, or the anonymous user.
func FromContext(ctx context.Context) *UserContext {
	if u, ok := ctx.Value(key{}).(*UserContext); ok {
		return u
	}
	return &UserContext{Name: "anonymous"}
}
