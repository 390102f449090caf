// Package site may not import example.com/app/internal/session.
package site

import (
	"context"

	"example.com/app/sessions"
)

func f(ctx context.Context) {
	_ = sessions.Global() // want `\(no fix: nothing in scope to pass: no variable of type \*example.com/app/internal/session.Session, and this package may not import example.com/app/internal/session for its constructors\)`
}
