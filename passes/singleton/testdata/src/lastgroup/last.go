// The only use of reg goes, and its import is alone in the last group:
// the fix adds regnew, which sorts after reg, to that group, which keeps
// its blank line.
package lastgroup

import (
	"context"
	"fmt"

	"example.com/app/reg"
)

func f(ctx context.Context) {
	fmt.Println(reg.Get()) // want `reg.Get is a process-wide singleton shared by all requests; call regnew.Create with ctx instead`
}
