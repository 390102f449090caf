package closure

import (
	"context"
	"net/http"

	"example.com/app/agents/supervisor"
	"example.com/app/services/userctx"
)

// A handler closure serves its own request: its r.Context() wins over the
// server's ctx around it.
func NewMux(ctx context.Context) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		_ = supervisor.GetAgentInstanceFactory() // want `call supervisor.CreateAgentInstanceFactory with userctx.FromContext\(r.Context\(\)\) instead`
	})
	return mux
}

// The closure's request also wins over a user of the enclosing function.
func withUser(u *userctx.UserContext, mux *http.ServeMux) {
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(r.Context\(\)\) instead`
	})
	_ = supervisor.GetAgentInstanceFactory() // want `with u instead`
}

// Within one scope the order stays: a variable of P's type, then a context
// variable, then x.Context().
func handler(w http.ResponseWriter, r *http.Request) {
	ctx := context.WithoutCancel(r.Context())
	_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(ctx\) instead`
	u := userctx.FromContext(ctx)
	_ = supervisor.GetAgentInstanceFactory() // want `with u instead`
	_ = u
}

// A closure without anything of its own uses the enclosing scopes.
func outer(ctx context.Context) func() {
	return func() {
		_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(ctx\) instead`
	}
}
