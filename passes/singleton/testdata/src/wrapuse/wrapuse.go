package wrapuse

import (
	"net/http"

	"example.com/wrap/api"
	"example.com/wrap/deps"
)

func handle(w http.ResponseWriter, r *http.Request) {
	_ = api.Agents()   // want `api.Agents returns deps.Agents, which returns deps.current, which returns the process-wide singleton agents.Shared \(deps/deps.go:7\); call agents.ForUser with session.FromContext\(r.Context\(\)\) instead`
	_ = deps.Fallback() // want `deps.Fallback returns deps.fallback, which holds the process-wide singleton agents.Shared \(deps/deps.go:15\); call agents.ForUser with session.FromContext\(r.Context\(\)\) instead`
	var c deps.Container
	_ = c.Agents()      // want `deps.Container.Agents returns the process-wide singleton agents.Shared \(deps/deps.go:27\); call agents.ForUser`
	_ = deps.Bound()    // want `deps.Bound returns the process-wide singleton .*\(no fix: deps.Bound does more than return the singleton: give it a per-request parameter, or delete it once its callers are migrated\)`
	_ = deps.Maybe(true)
	_ = deps.ViaGet()
	_ = deps.WithName("x") // want `\(no fix: deps.WithName does more than return the singleton: give it a per-request parameter`
	_ = deps.NewExported().Agents
	f := deps.Agents    // want `deps.Agents returns .*\(no fix: it is used as a value, not called\)`
	_ = f
	_ = (&deps.Container{Name: "x"}).Agents() // want `no fix: the fix would no longer evaluate the expression before .Agents`
	var d deps.Container
	_ = d.Agents() // want `no fix: it is the only use of d, which would be left unused`
	_ = c
}
