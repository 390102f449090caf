package malformed

import (
	"context"
	"net/http"
	"testing"
)

// want +2 `^//factoryscope:constructor needs an exported func with one parameter of type context.Context, \*net/http.Request, testing.TB or \*testing.T and one result, not generic, not variadic; fromContext is not exported$`
//
//factoryscope:constructor
func fromContext(ctx context.Context) *Client { return nil }

// want +2 `; TwoParams has 2 parameters$`
//
//factoryscope:constructor
func TwoParams(ctx context.Context, id string) *Client { return nil }

// want +2 `; TwoResults has 2 results$`
//
//factoryscope:constructor
func TwoResults(r *http.Request) (*Client, error) { return nil, nil }

// want +2 `; NoResult has 0 results$`
//
//factoryscope:constructor
func NoResult(t *testing.T) {}

// want +2 `; Generic is generic$`
//
//factoryscope:constructor
func Generic[T any](ctx context.Context) *T { return nil }

// want +2 `; Variadic is variadic$`
//
//factoryscope:constructor
func Variadic(ctxs ...context.Context) *Client { return nil }

// want +2 `; FromString takes a parameter of type string$`
//
//factoryscope:constructor
func FromString(s string) *Client { return nil }

// want +2 `; FromB takes a parameter of type \*testing.B$`
//
//factoryscope:constructor
func FromB(b *testing.B) *Client { return nil }

// want +2 `; Detach returns context.Context, not a per-request value$`
//
//factoryscope:constructor
func Detach(ctx context.Context) context.Context { return ctx }

// want +2 `; Check returns error, not a per-request value$`
//
//factoryscope:constructor
func Check(tb testing.TB) error { return nil }

// want +2 `^//factoryscope:constructor takes no arguments, got "FromContext"$`
//
//factoryscope:constructor FromContext
func WithArgs(ctx context.Context) *Client { return nil }

// Marked is a good constructor.
//
//factoryscope:constructor
func Marked(r *http.Request) *Client { return nil }

// want +2 `^//factoryscope:singleton must be on a func or var that code can refer to; var _ cannot be$`
//
//factoryscope:singleton ForRequest
var _ = &Client{}

// want +2 `^//factoryscope:singleton must be on a func or var that code can refer to; func init cannot be$`
//
//factoryscope:singleton ForRequest
func init() {}
