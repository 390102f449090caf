package aliased

import (
	"context"

	sup "example.com/app/agents/supervisor"
	uc "example.com/app/services/userctx"
)

var _ *uc.UserContext

func f(ctx context.Context) {
	_ = sup.GetAgentInstanceFactory() // want `call sup.CreateAgentInstanceFactory with uc.FromContext\(ctx\) instead`
}
