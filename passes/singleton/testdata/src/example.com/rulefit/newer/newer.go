// Package newer holds a replacement that does not fit old.Get.
package newer

import (
	"context"

	"example.com/rulefit/old"
)

// G is not an old.F.
type G struct{}

func Create(ctx context.Context) *G { return nil } // want `rule for example.com/rulefit/old.Get: replacement example.com/rulefit/newer.Create result 1 is \*example.com/rulefit/newer.G, not assignable to \*example.com/rulefit/old.F`

var _ *old.F
