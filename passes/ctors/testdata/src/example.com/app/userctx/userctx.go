package userctx // want package:`ctors\(example.com/app/userctx.ForT\(\*testing.T\), example.com/app/userctx.ForTest\(testing.TB\) marked, example.com/app/userctx.FromContext marked, example.com/app/userctx.FromRequest, net/http/httptrace.ContextClientTrace\)`

import (
	"context"
	"net/http"
	"testing"
)

// UserContext is what a request knows about its user.
type UserContext struct{}

// Constructors: one parameter, context.Context or *http.Request, one result.

// FromContext is the chosen constructor.
//
//factoryscope:constructor
func FromContext(ctx context.Context) *UserContext { return nil }

func FromRequest(r *http.Request) *UserContext { return nil }

// Test constructors: one parameter, testing.TB or *testing.T, one result.

// ForTest is the chosen test constructor.
//
//factoryscope:constructor
func ForTest(tb testing.TB) *UserContext { return nil }

func ForT(t *testing.T) *UserContext { return nil }

// Not constructors.
func fromContext(ctx context.Context) *UserContext                  { return nil }
func Generic[T any](ctx context.Context) *T                         { return nil }
func Two(ctx context.Context) (*UserContext, error)                 { return nil, nil }
func Variadic(ctxs ...context.Context) *UserContext                 { return nil }
func Extra(ctx context.Context, id string) *UserContext             { return nil }
func Value(v any) *UserContext                                      { return nil }
func Bench(b *testing.B) *UserContext                               { return nil }
func TestingT(t testing.T) *UserContext                             { return nil }
func (u *UserContext) WithContext(ctx context.Context) *UserContext { return u }
