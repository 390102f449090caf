package cgouse

/*
static int one(void) { return 1; }
*/
import "C"

import (
	"context"

	"example.com/app/agents/supervisor"
)

// cgo rewrites this file and the analyzer sees its output, marked as
// generated: the use is still reported, at its place here, without a fix
// (the fix would edit cgo's copy).
func use(ctx context.Context) *supervisor.AgentInstanceFactory {
	_ = C.one()
	return supervisor.GetAgentInstanceFactory() // want `supervisor.GetAgentInstanceFactory is a process-wide singleton shared by all requests; use supervisor.CreateAgentInstanceFactory instead \(no fix: cgo rewrites this file\)`
}

// A site without a fix elsewhere keeps its own reason.
var get = supervisor.GetAgentInstanceFactory // want `\(no fix: it is used as a value, not called\)`
