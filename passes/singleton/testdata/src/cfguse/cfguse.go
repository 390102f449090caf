package cfguse

import (
	"context"
	"net/http"

	"example.com/id/agents"
)

// The configured order: FromRequest first, where a request is in reach.
func handle(w http.ResponseWriter, r *http.Request) {
	agents.Cfg().Register("search") // want `call agents.ForCfg with cfg.FromRequest\(r\) instead`
}

// Then FromContext; AsService is never used, it is not configured.
func job(ctx context.Context) {
	agents.Cfg().Register("search") // want `call agents.ForCfg with cfg.FromContext\(ctx\) instead`
}
