// Package misfit has a configured rule whose replacement does not fit.
package misfit // want `rule for example.com/app/misfit.Missing: package misfit declares no Missing`

import "context"

// T is a value.
type T struct{}

func Get() *T { return nil } // want `rule for example.com/app/misfit.Get: replacement example.com/app/misfit.Create must take the per-request value followed by the 0 parameter\(s\) of Get, has func\(ctx context.Context, n int\) \*example.com/app/misfit.T`

func Create(ctx context.Context, n int) *T { return nil }

// NotAFunc is configured as a singleton but is a type.
type NotAFunc int // want `rule for example.com/app/misfit.NotAFunc: a singleton must be a package-level func or var, not a type`
