// Package web may import example.com/app/internal/session.
package web

import (
	"context"

	"example.com/app/sessions"
)

func f(ctx context.Context) {
	_ = sessions.Global() // want `call sessions.ForUser with session.FromContext\(ctx\) instead`
}
