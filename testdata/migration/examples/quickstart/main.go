// Command quickstart shows the factory on the command line: there is no
// request in main, so factoryscope reports its sites without a fix.
package main

import (
	"fmt"

	"example.com/migration/agents"
)

func run(get func() *agents.Factory) {
	fmt.Println(get().Tools())
}

func main() {
	f := agents.Shared()
	f.Register("hello")
	run(agents.Shared)
}
