// Package marked chooses its caller's constructor with a directive.
package marked

import (
	"context"
	"testing"
)

// User is who a request acts for.
type User struct{ Name string }

// FromContext returns the caller.
//
//factoryscope:constructor
func FromContext(ctx context.Context) *User { return &User{Name: "caller"} } // want `test-constructors\[0\]: example.com/id/marked.FromContext: FromContext takes context.Context: list it under constructors`

// AsService returns the privileged service account.
func AsService(ctx context.Context) *User { return &User{Name: "service"} }

// ForTest returns the test's own user.
//
//factoryscope:constructor
func ForTest(tb testing.TB) *User { return &User{Name: tb.Name()} } // want `constructors\[2\]: example.com/id/marked.ForTest: ForTest takes testing.TB: list it under test-constructors`

// Anonymous is a second test constructor, not chosen.
func Anonymous(t *testing.T) *User { return &User{} }
