package userctx

import "testing"

// ForTest returns a user of the test's own, named after it.
//
//factoryscope:constructor
func ForTest(tb testing.TB) *UserContext {
	return &UserContext{ID: "test:" + tb.Name()}
}
