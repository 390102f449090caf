package directiveuse

import (
	"net/http"

	"example.com/lib/client"
)

func handle(w http.ResponseWriter, r *http.Request) {
	c := client.Shared() // want `client.Shared is a process-wide singleton shared by all requests; call client.ForRequest with r.Context\(\) instead; clients must not be shared`
	_ = c
	_ = client.Internal() // want `\(no fix: its replacement example.com/lib/client.forRequest is not exported\)`
	_ = client.Misfit()   // want `client.Misfit is a process-wide singleton .*\(no fix: the rule does not fit: `
}
