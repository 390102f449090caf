// Package session carries the user a request acts for.
package session

import "context"

// User is the user a request acts for. The zero value is the anonymous
// user.
type User struct {
	Name string
}

type key struct{}

// WithUser returns a copy of ctx that carries the user name.
func WithUser(ctx context.Context, name string) context.Context {
	return context.WithValue(ctx, key{}, &User{Name: name})
}

// FromContext returns the caller: the user ctx carries, or the anonymous
// user if it carries none.
//
//factoryscope:constructor
func FromContext(ctx context.Context) *User {
	if u, ok := ctx.Value(key{}).(*User); ok {
		return u
	}
	return &User{}
}
