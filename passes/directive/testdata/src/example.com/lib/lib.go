// Package lib declares singletons with directives.
package lib

import "context"

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

// Method directives are not read: only package-level funcs and vars.
//
//factoryscope:singleton ForRequest
func (c *Client) Method() *Client { return c }

// Lookalike has a misspelt directive.
//
//factoryscope:singletonish ForRequest
func Lookalike() *Client { return nil }

// Empty has a directive without a replacement.
//
//factoryscope:singleton
func Empty() *Client { return nil }

// BadPath has a replacement that is not a reference.
//
//factoryscope:singleton not/a/ref
func BadPath() *Client { return nil }

// Spaced has a space after //, so it is a comment, not a directive.
//
// factoryscope:singleton ForRequest
func Spaced() *Client { return nil }
