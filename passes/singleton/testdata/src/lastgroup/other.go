package lastgroup

import "example.com/app/regnew"

// This file imports regnew, so that reg.Get's replacement is visible to
// the package.
var _ = regnew.Create
