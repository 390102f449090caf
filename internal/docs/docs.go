// Package docs extracts an analyzer's Doc string from the text of its doc.go,
// in the x/tools style: a "# Analyzer name" heading, a "name: summary" line,
// then the long description.
package docs

import (
	"fmt"
	"go/parser"
	"go/token"
	"strings"
)

// MustExtract returns the Doc for analyzer name from the embedded source of
// a doc.go file. It panics when the file does not follow the layout: that is
// a programming error caught by every test of the pass.
func MustExtract(content, name string) string {
	doc, err := Extract(content, name)
	if err != nil {
		panic(err)
	}
	return doc
}

// Extract returns the Doc for analyzer name from the source of a doc.go file:
// the text after the "# Analyzer name" heading, whose first line must be
// "name: summary".
func Extract(content, name string) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "doc.go", content, parser.ParseComments|parser.PackageClauseOnly)
	if err != nil {
		return "", fmt.Errorf("docs: %w", err)
	}
	if f.Doc == nil {
		return "", fmt.Errorf("docs: doc.go has no package comment")
	}
	text := f.Doc.Text()
	heading := "# Analyzer " + name
	_, after, ok := strings.Cut(text, heading+"\n")
	if !ok {
		return "", fmt.Errorf("docs: doc.go has no %q heading", heading)
	}
	after = strings.TrimLeft(after, "\n")
	if !strings.HasPrefix(after, name+": ") {
		return "", fmt.Errorf("docs: doc.go: the line after %q must start with %q", heading, name+": ")
	}
	// Stop at the next top-level heading, if any.
	if i := strings.Index(after, "\n# "); i >= 0 {
		after = after[:i]
	}
	return strings.TrimSpace(after), nil
}
