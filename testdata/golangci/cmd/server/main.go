// Command server serves agents.
package main

import (
	"log"
	"net/http"

	"example.com/gcl/handlers"
)

func main() {
	http.HandleFunc("/agent", handlers.Agent)
	log.Fatal(http.ListenAndServe("localhost:8080", nil))
}
