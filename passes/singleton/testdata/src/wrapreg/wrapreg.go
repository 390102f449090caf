package wrapreg

import (
	"net/http"

	"example.com/wrap/reg"
)

// The method wrapper of a type from a package this one does not import is
// still followed, through its fact.
func handle(w http.ResponseWriter, r *http.Request) {
	c := reg.Container()
	_ = c.Agents() // want `deps.Container.Agents returns the process-wide singleton agents.Shared \(deps/deps.go:27\); call agents.ForUser with session.FromContext\(r.Context\(\)\) instead`
	_ = c
}
