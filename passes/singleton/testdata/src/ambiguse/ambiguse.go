package ambiguse // want `rule for example.com/id/agents.Ambig: sites in this package get no fix: 2 constructors build \*example.com/id/ambig.User \(ambig.AsService, ambig.FromContext\): choose the one that returns the calling user with constructors: in the configuration or a //factoryscope:constructor directive on its declaration`

import (
	"net/http"

	"example.com/id/agents"
)

// Two constructors, none chosen: a guess could hand the request the
// service account, so there is no fix.
func handle(w http.ResponseWriter, r *http.Request) {
	agents.Ambig().Register("search") // want `no fix: no variable of type \*example.com/id/ambig.User in scope, and 2 constructors build it \(ambig.AsService, ambig.FromContext\)`
}
