// Package cfg has three constructors of its user; the test configures two.
package cfg

import (
	"context"
	"net/http"
)

// User is who a request acts for.
type User struct{ Name string }

// FromContext returns the caller.
func FromContext(ctx context.Context) *User { return &User{Name: "caller"} }

// FromRequest returns the caller.
func FromRequest(r *http.Request) *User { return &User{Name: "caller"} }

// AsService returns the privileged service account.
func AsService(ctx context.Context) *User { return &User{Name: "service"} }
