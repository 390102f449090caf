package supervisor

// A file without imports gets an import declaration.
func (c *Conn) serve() {
	_ = GetAgentInstanceFactory() // want `call CreateAgentInstanceFactory with userctx.FromContext\(c.Context\(\)\) instead`
}
