// Package cfg has three constructors of its user; the test configures two.
package cfg // want `constructors\[0\]: example.com/id/cfg.FromCtx: package cfg declares no FromCtx`

import (
	"context"
	"net/http"
)

// User is who a request acts for.
type User struct{ Name string } // want `constructors\[1\]: example.com/id/cfg.User: User is a type, not a func`

// FromContext returns the caller.
func FromContext(ctx context.Context) *User { return &User{Name: "caller"} }

// FromRequest returns the caller.
func FromRequest(r *http.Request) *User { return &User{Name: "caller"} }

// AsService returns the privileged service account.
func AsService(ctx context.Context) *User { return &User{Name: "service"} }

// Lookup finds a user by ID: not a constructor from a request.
func Lookup(id string) *User { return &User{Name: id} } // want `constructors\[3\]: example.com/id/cfg.Lookup: Lookup takes a parameter of type string; a constructor is an exported func`
