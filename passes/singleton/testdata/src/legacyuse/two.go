package legacyuse

import (
	"context"
	"fmt"

	"example.com/app/legacy"
)

// Two uses: the import stays, still used by legacy.Version.
func two(ctx context.Context) {
	a := legacy.Factory() // want `call supervisor.CreateAgentInstanceFactory with userctx.FromContext\(ctx\) instead`
	b := legacy.Factory() // want `call supervisor.CreateAgentInstanceFactory with userctx.FromContext\(ctx\) instead`
	fmt.Println(a, b, legacy.Version)
}
