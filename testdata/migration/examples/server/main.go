// Command server is the smallest server: its handler has the request in
// reach, so factoryscope fixes the site in it.
package main

import (
	"fmt"
	"log"
	"net/http"

	"example.com/migration/agents"
)

func main() {
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintln(w, agents.Shared().User())
	})
	log.Fatal(http.ListenAndServe("localhost:8080", nil))
}
