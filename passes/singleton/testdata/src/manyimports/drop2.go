package manyimports

import (
	"context"

	"example.com/zz/old"
)

// The fix adds two imports just before old's line and deletes that line,
// with its line break after it so that the inserted imports stay.
func h(ctx context.Context) {
	_ = old.Impl() // want `call impl.Create with userctx.FromContext\(ctx\) instead`
}
