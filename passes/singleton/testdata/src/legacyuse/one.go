// The only use of legacy goes: its import goes too, and the fix adds the
// imports of the replacement and of the constructor.
package legacyuse

import (
	"context"

	"example.com/app/legacy"
)

func one(ctx context.Context) {
	_ = legacy.Factory() // want `legacy.Factory is a process-wide singleton shared by all requests; call supervisor.CreateAgentInstanceFactory with userctx.FromContext\(ctx\) instead`
}
