package testhelpers

import (
	"testing"

	"example.com/app/agents/supervisor"
	"example.com/app/services/userctx"
)

var _ *userctx.UserContext

func helper(t *testing.T) {
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(t.Context\(\)\) instead`
}

func bench(b *testing.B) {
	for b.Loop() {
		_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(b.Context\(\)\) instead`
	}
}

func withTB(tb testing.TB) {
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(tb.Context\(\)\) instead`
}
