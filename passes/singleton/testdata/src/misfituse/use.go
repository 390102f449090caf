package misfituse

import (
	"context"

	"example.com/app/misfit"
)

func f(ctx context.Context) {
	_ = misfit.Get() // want `misfit.Get is a process-wide singleton shared by all requests; use misfit.Create instead \(no fix: the rule does not fit: replacement example.com/app/misfit.Create must take`
	_ = misfit.Get() // want `misfit.Get is a process-wide singleton`
	var _ misfit.NotAFunc
}
