// want +1 `^//factoryscope:singleton must be in the doc comment of a package-level func or var \(directly above it, no blank line\); this one is above the package clause$`
//factoryscope:singleton ForRequest

// Package malformed has directives that cannot apply where they are
// written. Each must be reported where it is, never ignored.
package malformed

import (
	// want +1 `^//factoryscope:singleton must be in the doc comment of a package-level func or var \(directly above it, no blank line\); this one is on an import$`
	//factoryscope:singleton ForRequest
	"context"
)

// Client is an API client.
//
// want +2 `^//factoryscope:singleton must be in the doc comment of a package-level func or var \(directly above it, no blank line\); this one is on a type$`
//
//factoryscope:singleton ForRequest
type Client struct {
	// want +1 `; this one is inside the declaration of type Client$`
	//factoryscope:singleton ForRequest
	ctx context.Context
}

// want +2 `; this one is on a type$`
//
//factoryscope:constructor
type Maker func(context.Context) *Client

// Method is a method: directives apply to package-level funcs only.
//
// want +2 `^//factoryscope:singleton must be in the doc comment of a package-level func or var \(directly above it, no blank line\); this one is on a method$`
//
//factoryscope:singleton ForRequest
func (c *Client) Method() *Client { return c }

// WithContext is a method of a context, but still a method.
//
// want +2 `^//factoryscope:constructor must be in the doc comment of an exported package-level func \(directly above it, no blank line\); this one is on a method$`
//
//factoryscope:constructor
func (c *Client) WithContext(ctx context.Context) *Client { return c }

// Limit is a const.
//
// want +2 `; this one is on a const$`
//
//factoryscope:singleton ForRequest
const Limit = 3

// ForRequest returns a client for one request.
func ForRequest(ctx context.Context) *Client { return nil }

// Detached returns the process-wide client. Its directive ends a paragraph
// that a blank line separates from the func.
//
// want +1 `^//factoryscope:singleton must be in the doc comment of a package-level func or var \(directly above it, no blank line\); this one is separated from func Detached below it by a blank line$`
//factoryscope:singleton ForRequest

func Detached() *Client { return nil }

// want +1 `^//factoryscope:constructor must be in the doc comment of an exported package-level func \(directly above it, no blank line\); this one is separated from func FromContext below it by a blank line$`
//factoryscope:constructor

// FromContext has its directive above its doc, after a blank line.
func FromContext(ctx context.Context) *Client { return nil }

// Block is declared with a block comment.
//
// want +1 `^//factoryscope:singleton must be a // line comment in the doc comment of a package-level func or var \(directly above it, no blank line\); this one is a /\* \*/ block comment$`
/*factoryscope:singleton ForRequest*/
func Block() *Client { return nil }

// BlockType has a block comment on a type.
//
// want +1 `; this one is a /\* \*/ block comment and is on a type$`
/*factoryscope:singleton ForRequest*/
type BlockType struct{}

// want +1 `; this one is at the end of a line of code$`
func Trailing() *Client { return nil } //factoryscope:singleton ForRequest

// want +1 `; this one is at the end of a line of code$`
var TrailingVar = &Client{} //factoryscope:singleton ForRequest

// Body has a directive inside its body.
func Body() {
	// want +1 `^//factoryscope:singleton must be in the doc comment of a package-level func or var \(directly above it, no blank line\); this one is inside the body of func Body$`
	//factoryscope:singleton ForRequest
	_ = func() {
		// want +1 `; this one is inside the body of func Body$`
		//factoryscope:constructor
	}
}

// want +2 `; this one is on a var group$`
//
//factoryscope:singleton ForRequest
var (
	A = &Client{}
	B = &Client{}
)

var (
	// want +1 `; this one is separated from var C below it by a blank line$`
	//factoryscope:singleton ForRequest

	C = &Client{}

	// want +1 `^//factoryscope:constructor must be in the doc comment of an exported package-level func \(directly above it, no blank line\); this one is on a var$`
	//factoryscope:constructor
	D = func(ctx context.Context) *Client { return nil }

	E = &Client{}
	// want +1 `; this one is at the end of a var group$`
	//factoryscope:singleton ForRequest
)

// want +1 `^//factoryscope:singleton must be in the doc comment of a package-level func or var \(directly above it, no blank line\); this one is at the end of the file$`
//factoryscope:singleton ForRequest
