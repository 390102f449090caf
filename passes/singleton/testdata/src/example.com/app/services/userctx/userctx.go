// Package userctx is the per-request user context.
package userctx

import (
	"context"
	"net/http"
)

// UserContext is what a request knows about its user.
type UserContext struct{ ID string }

// FromContext returns the user of a request's context.
//
//factoryscope:constructor
func FromContext(ctx context.Context) *UserContext { return &UserContext{} }

// FromRequest returns the user of a request.
func FromRequest(r *http.Request) *UserContext { return &UserContext{} }
