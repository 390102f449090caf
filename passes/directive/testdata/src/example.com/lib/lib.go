// Package lib declares singletons and constructors with directives.
package lib

import (
	"context"
	"testing"
)

// Client is an API client.
type Client struct{}

// Shared returns the process-wide client.
//
//factoryscope:singleton ForRequest
func Shared() *Client { return nil } // want Shared:`singleton\(example.com/lib.ForRequest\)`

// ForRequest returns a client for one request.
func ForRequest(ctx context.Context) *Client { return nil }

// Elsewhere names a replacement in another package and adds a message.
//
//factoryscope:singleton example.com/other/v2.New	do not share clients
func Elsewhere() *Client { return nil } // want Elsewhere:`singleton\(example.com/other/v2.New\)`

// Default is a singleton var with the doc on its declaration.
//
//factoryscope:singleton ForRequest
var Default = &Client{} // want Default:`singleton\(example.com/lib.ForRequest\)`

var (
	// Grouped is a singleton var in a group.
	//factoryscope:singleton ForRequest
	Grouped = &Client{} // want Grouped:`singleton\(example.com/lib.ForRequest\)`

	// NotGrouped has no directive.
	NotGrouped = &Client{}
)

// Primary and Secondary are declared together: the directive applies to
// both.
//
//factoryscope:singleton ForRequest
var Primary, Secondary = &Client{}, &Client{} // want Primary:`singleton\(example.com/lib.ForRequest\)` Secondary:`singleton\(example.com/lib.ForRequest\)`

// FromContext is the chosen constructor of a Client.
//
//factoryscope:constructor
func FromContext(ctx context.Context) *Client { return nil }

// ForTest is the chosen test constructor of a Client.
//
//factoryscope:constructor
func ForTest(tb testing.TB) *Client { return nil }

// ForT is a test constructor that takes a *testing.T.
//
//factoryscope:constructor
func ForT(t *testing.T) *Client { return nil }
