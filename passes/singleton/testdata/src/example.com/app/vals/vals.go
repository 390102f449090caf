// Package vals has singleton vars of value types.
package vals

import "example.com/app/services/userctx"

// F is a value type with a pointer method.
type F struct {
	Owner string
	Arr   [2]int
	S     []int
	P     *F
}

func (f *F) Set(s string) { f.Owner = s }

func (f F) Name() string { return f.Owner }

// Val is a singleton of a value type.
var Val F

func CreateVal(u *userctx.UserContext) F { return F{Owner: u.ID} }

// Cnt is a shared counter.
var Cnt int

func CreateCnt(u *userctx.UserContext) int { return len(u.ID) }
