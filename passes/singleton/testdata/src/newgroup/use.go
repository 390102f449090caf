// A file with standard imports only: the fixes' imports start a new group,
// whose first import, supervisor, is agents()'s (which has no fix: the
// new group has no place for its third import, userctx). registry()'s fix
// adds regnew, the group's second import, without supervisor, so regnew
// writes a blank line of its own rather than joining the group above.
package newgroup

import (
	"context"
	"fmt"
)

func f(ctx context.Context) {
	fmt.Println(registry(), agents()) // want `newgroup.registry returns the process-wide singleton reg.Get \(newgroup/wrap.go:11\); call regnew.Create with ctx instead` `newgroup.agents returns .*\(no fix: cannot add the import of example.com/app/services/userctx here\)`
}
