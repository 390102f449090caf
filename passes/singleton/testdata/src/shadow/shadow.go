package shadow

import (
	"context"

	"example.com/app/agents/supervisor"
	"example.com/app/services/userctx"
)

var _ *userctx.UserContext

// The parameter userctx shadows the package: the fix imports it again under
// a free name.
func f(ctx context.Context, userctx string) {
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx2.FromContext\(ctx\) instead`
}

// A local var named like the singleton's package, declared after the site,
// does not hide it; the fix still compiles.
func g(ctx context.Context) {
	_ = supervisor.GetAgentInstanceFactory() // want `call supervisor.CreateAgentInstanceFactory with userctx.FromContext\(ctx\) instead`
	supervisor := 1
	_ = supervisor
}

// A local var that shadows the package is itself the argument.
func h(ctx context.Context) {
	userctx := userctx.FromContext(ctx)
	_ = userctx
	_ = supervisor.GetAgentInstanceFactory() // want `call supervisor.CreateAgentInstanceFactory with userctx instead`
}
