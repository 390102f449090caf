package top // want package:`ctors\(example.com/app/userctx.FromContext, example.com/app/userctx.FromRequest, net/http/httptrace.ContextClientTrace\)`

// top imports mid but not userctx: userctx's constructors still reach it
// as facts, and its own fact carries them on to its importers.

import "example.com/app/mid"

var _ = mid.Create
