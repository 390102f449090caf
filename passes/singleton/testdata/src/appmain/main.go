package main

import (
	"net/http"

	"example.com/app/agents/supervisor"
)

var factory = supervisor.GetAgentInstanceFactory() // want `\(no fix: it is in a package-level initializer, where no request is in reach; it fills main.factory, whose reads are reported: once they are migrated, delete it\)`

func init() {
	_ = supervisor.GetAgentInstanceFactory() // want `\(no fix: it is in func init, where no request is in reach\)`
}

func main() {
	_ = supervisor.GetAgentInstanceFactory() // want `\(no fix: it is in func main, where no request is in reach\)`
	go func() {
		_ = supervisor.GetAgentInstanceFactory() // want `\(no fix: nothing in scope to pass`
	}()
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		_ = supervisor.GetAgentInstanceFactory() // want `with userctx.FromContext\(r.Context\(\)\) instead`
	})
}
