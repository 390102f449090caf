// Package userctx carries the user a request acts for. It has two
// constructors from a context: FromContext, the caller, and AsService, a
// privileged service account for background jobs. Only the caller is
// right for a request, and the directive on FromContext says so.
package userctx

import "context"

// UserContext is the user a request acts for. The zero value is the
// anonymous user.
type UserContext struct {
	ID    string
	Admin bool
}

type key struct{}

// WithUser returns a copy of ctx that carries the user id.
func WithUser(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, key{}, &UserContext{ID: id})
}

// FromContext returns the caller: the user ctx carries, or the anonymous
// user if it carries none.
//
//factoryscope:constructor
func FromContext(ctx context.Context) *UserContext {
	if u, ok := ctx.Value(key{}).(*UserContext); ok {
		return u
	}
	return &UserContext{}
}

// AsService returns the service account, an administrator, for work
// started from ctx on nobody's behalf. Whoever ctx carries is ignored.
func AsService(ctx context.Context) *UserContext {
	return &UserContext{ID: "service", Admin: true}
}
