package handlers

import (
	"context"
	"fmt"
	"net/http"

	"example.com/app/agents/supervisor"
	"example.com/app/services/userctx"
)

// A user-context variable in scope is passed as it is.
func withUser(u *userctx.UserContext) {
	f := supervisor.GetAgentInstanceFactory() // want `supervisor.GetAgentInstanceFactory is a process-wide singleton shared by all requests; call supervisor.CreateAgentInstanceFactory with u instead`
	_ = f
}

// A context parameter goes through the discovered constructor.
func withCtx(ctx context.Context, id string) {
	_ = supervisor.GetAgentInstanceFactory() // want `call supervisor.CreateAgentInstanceFactory with userctx.FromContext\(ctx\) instead`
	_ = supervisor.Named(id, 1, 2)           // want `supervisor.Named is a process-wide singleton`
}

// An HTTP handler has the request's context.
func handle(w http.ResponseWriter, r *http.Request) {
	f := supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(r.Context\(\)\) instead`
	_ = f
}

// A closure in a goroutine reaches the handler's request.
func handleAsync(w http.ResponseWriter, r *http.Request) {
	go func() {
		_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(r.Context\(\)\) instead`
	}()
}

// Conn is a connection type of the user's with a Context method.
type Conn struct{ ctx context.Context }

func (c *Conn) Context() context.Context { return c.ctx }

// A method whose receiver has Context().
func (c *Conn) Serve() {
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(c.Context\(\)\) instead`
}

// A generic function.
func Each[T any](ctx context.Context, items []T) {
	for range items {
		_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(ctx\) instead`
	}
}

// The innermost variable wins; one declared after the site does not count.
func inner(outer *userctx.UserContext) {
	{
		u := userctx.FromContext(context.Background())
		_ = u
		_ = supervisor.GetAgentInstanceFactory() // want `with u instead`
	}
	_ = supervisor.GetAgentInstanceFactory() // want `with outer instead`
	late := outer
	_ = late
}

// A singleton var read.
func readVar(u *userctx.UserContext) *supervisor.AgentInstanceFactory {
	return supervisor.Default // want `supervisor.Default is a process-wide singleton shared by all requests; call supervisor.CreateAgentInstanceFactory with u instead`
}

// Nothing in scope: reported without a fix, saying what was looked for.
func nothing() {
	_ = supervisor.GetAgentInstanceFactory() // want `\(no fix: nothing in scope to pass: no variable of type \*example.com/app/services/userctx.UserContext, and no context or request for userctx.FromContext\)`
}

// The function used as a value.
var get = supervisor.GetAgentInstanceFactory // want `\(no fix: it is used as a value, not called\)`

func value(ctx context.Context) {
	g := supervisor.GetAgentInstanceFactory // want `\(no fix: it is used as a value, not called\)`
	_ = g
	_ = &supervisor.Default // want `\(no fix: its address is taken\)`
}

// Nested sites and arguments on their own lines.
func nested(ctx context.Context, id string) {
	_ = supervisor.Named(fmt.Sprint(supervisor.Named(id))) // want `supervisor.Named is a process-wide singleton` `supervisor.Named is a process-wide singleton`

	_ = supervisor.Named( // want `call supervisor.CreateNamed with userctx.FromContext\(ctx\) instead`
		id,
		1,
	)
}

// A closure in a package-level var has its own parameters.
var hook = func(ctx context.Context) {
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(ctx\) instead`
}
