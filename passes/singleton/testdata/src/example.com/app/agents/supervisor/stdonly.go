package supervisor

import (
	"context"
	"strings"
)

// A file with standard imports only gets a new group.
func withCtx(ctx context.Context) string {
	return strings.ToUpper(GetAgentInstanceFactory().user.ID) // want `call CreateAgentInstanceFactory with userctx.FromContext\(ctx\) instead`
}
