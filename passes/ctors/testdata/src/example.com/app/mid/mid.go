package mid // want package:`ctors\(example.com/app/userctx.ForT\(\*testing.T\), example.com/app/userctx.ForTest\(testing.TB\) marked, example.com/app/userctx.FromContext marked, example.com/app/userctx.FromRequest, net/http/httptrace.ContextClientTrace\)`

// mid uses userctx only in its API and declares no constructor; its fact
// carries the constructors of its direct import userctx.

import "example.com/app/userctx"

func Create(u *userctx.UserContext) {}
