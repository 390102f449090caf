package mid // want package:`ctors\(example.com/app/userctx.FromContext, example.com/app/userctx.FromRequest, net/http/httptrace.ContextClientTrace\)`

// mid uses userctx only in its API and declares no constructor; its fact
// carries the constructors of its direct import userctx.

import "example.com/app/userctx"

func Create(u *userctx.UserContext) {}
