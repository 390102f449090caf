// Package ambig has two constructors of its user and chooses neither.
package ambig

import "context"

// User is who a request acts for.
type User struct{ Name string }

// FromContext returns the caller.
func FromContext(ctx context.Context) *User { return &User{Name: "caller"} }

// AsService returns the privileged service account.
func AsService(ctx context.Context) *User { return &User{Name: "service"} }
