package impl

import "example.com/app/services/userctx"

// D is a Doer.
type D struct{ u *userctx.UserContext }

func (*D) Do() {}

// Shared is the process-wide D.
var Shared = &D{}

func Create(u *userctx.UserContext) *D { return &D{u} }
