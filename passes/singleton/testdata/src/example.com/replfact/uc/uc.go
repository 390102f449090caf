// Package uc declares the per-request value and its constructor.
package uc

import "context"

// U is the user of a request.
type U struct{ ID string }

func FromContext(ctx context.Context) *U { return &U{} }
