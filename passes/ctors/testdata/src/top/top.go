// Package top imports mid but not userctx: userctx's constructors still
// reach it as facts.
package top

import "example.com/app/mid"

var _ = mid.Create
