// A file with standard imports only: the fixes' imports start a new group.
// reader()'s fix adds readers, the group's first import; registry()'s fix
// adds regnew, its second, without readers: alone, regnew would join the
// group above, so it writes a blank line of its own, and both fixes
// together leave two groups.
package newgroup

import (
	"context"
	"fmt"
	"io"
)

func f(ctx context.Context, w io.Writer) {
	fmt.Fprintln(w, reader(), registry()) // want `newgroup.reader returns the process-wide singleton readers.Get \(newgroup/wrap.go:13\); call readers.Create with ctx instead` `newgroup.registry returns the process-wide singleton reg.Get \(newgroup/wrap.go:15\); call regnew.Create with ctx instead`
}
