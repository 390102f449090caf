package reguse

import (
	"context"

	"example.com/app/reg"
)

func f(ctx context.Context) {
	_ = reg.Get() // want `reg.Get is a process-wide singleton shared by all requests; use regnew.Create instead \(no fix: its replacement example.com/app/regnew.Create is not visible from this package\)`
}
