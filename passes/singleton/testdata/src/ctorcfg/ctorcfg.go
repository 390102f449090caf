package ctorcfg

import (
	"context"
	"net/http"

	"example.com/app/agents/supervisor"
)

// The configured constructor comes first.
func handle(w http.ResponseWriter, r *http.Request) {
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromRequest\(r\) instead`
}

// It needs a request: with a context only, the marked one is used.
func withCtx(ctx context.Context) {
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(ctx\) instead`
}
