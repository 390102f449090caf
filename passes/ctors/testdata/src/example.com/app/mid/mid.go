// Package mid uses userctx only in its API; it declares no constructor.
package mid

import "example.com/app/userctx"

func Create(u *userctx.UserContext) {}
