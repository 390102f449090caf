// Package client declares its singleton with a source directive.
package client

import "context"

// Client is an API client.
type Client struct{ ctx context.Context }

// Shared returns the process-wide client.
//
//factoryscope:singleton ForRequest clients must not be shared between users
func Shared() *Client { return &Client{} }

// ForRequest returns a client for one request.
func ForRequest(ctx context.Context) *Client { return &Client{ctx} }

// Broken has a directive without a replacement.
//
//factoryscope:singleton // want `//factoryscope:singleton: replacement "//" is not an import path followed by a name`
func Broken() *Client { return nil }

// Misfit names a replacement that does not fit.
//
//factoryscope:singleton Shared
func Misfit() *Client { return nil } // want `rule for example.com/lib/client.Misfit: replacement example.com/lib/client.Shared must take the per-request value as its first parameter`

func local(ctx context.Context) {
	_ = Shared()   // want `client.Shared is a process-wide singleton shared by all requests; call ForRequest with ctx instead; clients must not be shared between users`
	_ = Internal() // want `client.Internal is a process-wide singleton shared by all requests; call forRequest with ctx instead`
}

// Internal is replaced by an unexported func.
//
//factoryscope:singleton forRequest
func Internal() *Client { return nil }

func forRequest(ctx context.Context) *Client { return &Client{ctx} }
