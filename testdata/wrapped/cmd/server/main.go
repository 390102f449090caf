// Command server serves the agents API.
package main

import (
	"flag"
	"fmt"
	"log"
	"net/http"

	"example.com/wrapped/api"
	"example.com/wrapped/deps"
	"example.com/wrapped/handlers"
	"example.com/wrapped/server"
)

func main() {
	addr := flag.String("addr", "localhost:8080", "listen address")
	flag.Parse()

	h := &handlers.Handlers{Deps: &deps.Container{Name: "main"}}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /whoami", handlers.Whoami)
	mux.HandleFunc("POST /install", handlers.Install)
	mux.HandleFunc("POST /batch", h.Batch)
	mux.Handle("/server/", http.StripPrefix("/server", server.NewServer().Routes()))
	// A handler declared here has its request in reach: factoryscope
	// fixes it.
	mux.HandleFunc("GET /ping", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, "pong for", api.Agents().User())
	})

	// No request, so no user, is in reach here: factoryscope reports this
	// line and leaves it as it is.
	deps.Fallback().Register("health")

	log.Fatal(http.ListenAndServe(*addr, mux))
}
