package agents_test

import (
	"fmt"

	"example.com/migration/agents"
)

// An example has no request and no test: nothing in scope to pass, so
// factoryscope reports the site without a fix. It is in phase examples
// (**/example_test.go comes before **/*_test.go in .golangci.yml).
func Example() {
	fmt.Println(agents.Shared().User() == "")
	// Output: true
}
