// Package objref parses and prints references to package-level objects
// written as an import path followed by a name: "example.com/app/pkg.Name".
package objref

import (
	"fmt"
	"go/token"
	"go/types"
	"strings"

	"golang.org/x/mod/module"
)

// Ref names a package-level object by import path and name.
type Ref struct {
	Path string // import path, e.g. "example.com/app/agents/supervisor"
	Name string // exported or unexported identifier
}

// String returns the reference in the "path.Name" form that Parse accepts.
func (r Ref) String() string { return r.Path + "." + r.Name }

// Of returns the Ref of a package-level object.
func Of(obj types.Object) Ref { return Ref{Path: obj.Pkg().Path(), Name: obj.Name()} }

// Parse parses "import/path.Name". The name is the text after the last dot
// that follows the last slash, so "gopkg.in/yaml.v3.Marshal" parses as
// path "gopkg.in/yaml.v3" and name "Marshal".
func Parse(s string) (Ref, error) {
	slash := strings.LastIndexByte(s, '/')
	dot := strings.LastIndexByte(s, '.')
	if dot < 0 || dot < slash {
		return Ref{}, fmt.Errorf("%q is not an import path followed by a name", s)
	}
	r := Ref{Path: s[:dot], Name: s[dot+1:]}
	if !token.IsIdentifier(r.Name) {
		return Ref{}, fmt.Errorf("%q is not an import path followed by a name", s)
	}
	if err := module.CheckImportPath(r.Path); err != nil {
		return Ref{}, fmt.Errorf("%q is not an import path followed by a name", s)
	}
	return r, nil
}
