package manyimports

import (
	"context"

	"example.com/zz/old"
)

// Here the fix removes the last use of old, and cannot both add the three
// imports before old's line and delete that line: no fix.
func g(ctx context.Context) {
	old.Get().Do() // want `\(no fix: the import of example.com/zz/old would be left unused, and the imports added next to it leave no way to delete it\)`
}
