package valuse

import (
	"example.com/app/services/userctx"
	"example.com/app/vals"
)

// The call that replaces a value-type var is not addressable: uses that
// need the var's storage are reported without a fix.
func uses(u *userctx.UserContext) {
	vals.Val.Set("x")      // want `\(no fix: it is the receiver of a method with a pointer receiver\)`
	vals.Val.Owner = "y"   // want `\(no fix: its field or element is assigned to\)`
	p := &vals.Val.Owner   // want `\(no fix: the address of its field or element is taken\)`
	vals.Val.Arr[0] = 1    // want `\(no fix: its field or element is assigned to\)`
	_ = vals.Val.Arr[:]    // want `\(no fix: its field or element is sliced, which needs its address\)`
	set := (vals.Val).Set  // want `\(no fix: it is the receiver of a method with a pointer receiver\)`
	vals.Val.Owner += "z"  // want `\(no fix: its field or element is updated in place\)`
	vals.Val.S[0] = 1      // want `call vals.CreateVal with u instead`
	vals.Val.P.Owner = "z" // want `call vals.CreateVal with u instead`
	_ = vals.Val.Name()    // want `call vals.CreateVal with u instead`
	_ = vals.Val.Arr[1]    // want `call vals.CreateVal with u instead`
	_, _ = p, set
}

// A compound assignment or ++ reads the shared value: reported, no fix.
// A plain assignment is a write and is not reported.
func counters(u *userctx.UserContext) {
	vals.Cnt += 1 // want `vals.Cnt is a process-wide singleton shared by all requests; use vals.CreateCnt instead \(no fix: it is updated in place\)`
	vals.Cnt++    // want `\(no fix: it is updated in place\)`
	vals.Cnt = 2
	vals.Val = vals.F{}
	for vals.Cnt = range 3 {
	}
}
