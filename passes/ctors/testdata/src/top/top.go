package top // want package:`ctors\(example.com/app/userctx.ForT\(\*testing.T\), example.com/app/userctx.ForTest\(testing.TB\) marked, example.com/app/userctx.FromContext marked, example.com/app/userctx.FromRequest, net/http/httptrace.ContextClientTrace\)`

// top imports mid but not userctx: userctx's constructors still reach it
// as facts, and its own fact carries them on to its importers.

import "example.com/app/mid"

var _ = mid.Create
