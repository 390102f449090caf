package manyimports

import (
	"context"

	"example.com/zz/old"
)

// The fix needs three new imports, all in the gap before old's: impl for
// the replacement, userctx for the constructor and api for the conversion.
func f(ctx context.Context) {
	_ = old.Get    // want `no fix: it is used as a value, not called`
	old.Get().Do() // want `call impl.Create with userctx.FromContext\(ctx\) instead, converting its result to api.Doer`
}
