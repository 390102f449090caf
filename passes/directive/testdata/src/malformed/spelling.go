// Package malformed: the directives in this file are misspelt or
// malformed.
//
// want +2 `^//factoryscope:singleton must be in the doc comment of a package-level func or var \(directly above it, no blank line\); this one is in the package doc comment$`
//
//factoryscope:singleton ForRequest
package malformed

// Lookalike has a misspelt verb.
//
// want +2 `^unknown directive //factoryscope:singletonish: the directives are //factoryscope:singleton and //factoryscope:constructor$`
//
//factoryscope:singletonish ForRequest
func Lookalike() *Client { return nil }

// SpacedColon has a space after the colon. gofmt would add a space after
// the // of such a line in a doc comment; elsewhere it stays as written.
func SpacedColon() *Client {
	// want +1 `^"//factoryscope: singleton ForRequest" is not a directive: write //factoryscope:singleton with no space after the colon, in the doc comment of a package-level func or var \(directly above it, no blank line\); this one is inside the body of func SpacedColon$`
	//factoryscope: singleton ForRequest
	return nil
}

// Spaced has a space after //, so it is a comment, not a directive.
//
// want +1 `^"// factoryscope:singleton ForRequest" is not a directive: write //factoryscope:singleton with no space after //$`
// factoryscope:singleton ForRequest
func Spaced() *Client { return nil }

// SpacedTwice has both.
//
// want +1 `^"// factoryscope: constructor" is not a directive: write //factoryscope:constructor with no space after // or the colon$`
// factoryscope: constructor
func SpacedTwice() *Client { return nil }

// want +1 `^"// factoryscope:singleton ForRequest" is not a directive: write //factoryscope:singleton with no space after //, in the doc comment of a package-level func or var \(directly above it, no blank line\); this one is on a type$`
// factoryscope:singleton ForRequest
type SpacedType struct{}

// BlockSpaced is a block comment with a space after the colon.
//
// want +1 `^"/\*factoryscope: singleton ForRequest\*/" is not a directive: write //factoryscope:singleton with no space after the colon, as a // line comment$`
/*factoryscope: singleton ForRequest*/
func BlockSpaced() *Client { return nil }

// NoVerb has the prefix alone.
//
// want +1 `^"// factoryscope:" is not a directive: the directives are //factoryscope:singleton and //factoryscope:constructor$`
// factoryscope:
func NoVerb() *Client { return nil }

// Prose is a comment that starts like a directive.
//
// want +1 `^"// factoryscope: see the README" is not a directive: the directives are`
// factoryscope: see the README
func Prose() *Client { return nil }

// Empty has a directive without a replacement.
//
// want +2 `^//factoryscope:singleton needs a replacement: a name in this package or import/path.Name$`
//
//factoryscope:singleton
func Empty() *Client { return nil }

// BadPath has a replacement that is not a reference.
//
// want +2 `^//factoryscope:singleton: replacement "not/a/ref" is not an import path followed by a name$`
//
//factoryscope:singleton not/a/ref
func BadPath() *Client { return nil }

// Twice has two singleton directives: the first applies.
//
// want +3 `^//factoryscope:singleton repeats the one on line 76: a declaration takes one$`
//
//factoryscope:singleton ForRequest
//factoryscope:singleton example.com/other.New
func Twice() *Client { return nil }

// Prose that mentions //factoryscope:singleton, or factoryscope: in the
// middle of a line, is not a directive.
func Mentions() *Client { return nil }

// WrongCase has the namespace in another case.
//
// want +1 `^"//FactoryScope:singleton ForRequest" is not a directive: write //factoryscope:singleton in lower case$`
//FactoryScope:singleton ForRequest
func WrongCase() *Client { return nil }

// MultiLine is a block comment whose directive starts on its second line.
//
// want +1 `^//factoryscope:singleton must be a // line comment in the doc comment of a package-level func or var \(directly above it, no blank line\); this one is a /\* \*/ block comment$`
/*
factoryscope:singleton ForRequest
*/
func MultiLine() *Client { return nil }

// CaseProse is prose that starts with the name in another case: not a
// directive, not reported.
//
// FactoryScope: the tool that reports singletons.
func CaseProse() *Client { return nil }
