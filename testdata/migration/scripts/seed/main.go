// Command seed fills the catalog once: a holder variable set at start-up
// and read in main, where no request is in reach.
package main

import (
	"fmt"

	"example.com/migration/agents"
	"example.com/migration/registry"
)

var factory = agents.Shared()

func main() {
	factory.Register("seed")
	fmt.Println(registry.Default.Names())
}
