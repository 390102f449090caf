// Command server serves the agents API.
package main

import (
	"flag"
	"log"
	"net/http"

	"example.com/identity/agents"
	"example.com/identity/handlers"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "listen address")
	flag.Parse()

	http.HandleFunc("GET /whoami", handlers.Whoami)
	http.HandleFunc("POST /install", handlers.Install)
	http.HandleFunc("POST /run", handlers.Run)
	http.HandleFunc("GET /profile", handlers.Profile)
	http.HandleFunc("POST /batch", handlers.Batch)

	// No request, so no user, is in reach here: factoryscope flags this
	// line and leaves it as it is.
	agents.Shared().Register("health")

	log.Fatal(http.ListenAndServe(*addr, nil))
}
