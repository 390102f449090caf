package noimport

import "example.com/app/agents/supervisor"

// A file whose import is a single line gets one more line.
func (c *Conn) three() {
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(c.Context\(\)\) instead`
}
