// Package use sees both packages of the misfit rule; its sites carry the
// reason, and no second rule diagnostic.
package use

import (
	"context"

	"example.com/rulefit/newer"
	"example.com/rulefit/old"
)

func f(ctx context.Context) {
	_ = old.Get() // want `old.Get is a process-wide singleton shared by all requests; use newer.Create instead \(no fix: the rule does not fit: replacement example.com/rulefit/newer.Create result 1 is`
	_ = newer.Create(ctx)
}

func g(ctx context.Context) {
	_ = old.Get() // want `old.Get is a process-wide singleton shared by all requests; use newer.Create instead \(no fix: the rule does not fit`
}
