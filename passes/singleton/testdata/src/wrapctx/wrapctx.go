package wrapctx

import (
	"net/http"

	"example.com/wrap/netctx"
)

// A wrapper whose result is written with an alias still forwards; a
// context from it is detached, so the closure's site passes r's.
func handle(w http.ResponseWriter, r *http.Request) {
	ctx := netctx.Background() // want `netctx.Background returns the process-wide singleton context.Background \(netctx/netctx.go:11\); call context.WithoutCancel with r.Context\(\) instead`
	go func() {
		_ = netctx.Background() // want `call context.WithoutCancel with r.Context\(\) instead`
	}()
	_ = ctx
}
