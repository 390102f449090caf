// Command demo serves the agents API.
package main

import (
	"flag"
	"log"
	"net/http"

	"example.com/demo/api"
	"example.com/domain/agents/supervisor"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "listen address")
	flag.Parse()

	// Warm up before the first request. No user is in reach here, so
	// factoryscope flags this line but cannot fix it: someone must decide.
	supervisor.GetAgentInstanceFactory().Warm()

	log.Fatal(http.ListenAndServe(*addr, api.NewServer()))
}
