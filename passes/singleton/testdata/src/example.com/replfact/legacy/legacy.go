// Package legacy declares singletons whose replacements live in sup. Its
// sites elsewhere may not import sup: the facts carry the replacements.
package legacy

import (
	"io"

	"example.com/replfact/sup"
)

// Get is declared by a directive.
//
//factoryscope:singleton example.com/replfact/sup.Create
func Get() *sup.F { return nil } // want Get:`replacement\(example.com/replfact/sup.Create, \*example.com/replfact/uc.U\)`

// Named is configured.
func Named(name string) (*sup.F, error) { return nil, nil } // want Named:`replacement\(example.com/replfact/sup.CreateNamed, \*example.com/replfact/uc.U\)`

// Default is configured; a var.
var Default *sup.F // want Default:`replacement\(example.com/replfact/sup.Create, \*example.com/replfact/uc.U\)`

// Reader's replacement returns *bytes.Buffer, not io.Reader: the fact
// names the result too, and a site converts it.
//
//factoryscope:singleton example.com/replfact/sup.Buffer
func Reader() io.Reader { return nil } // want Reader:`replacement\(example.com/replfact/sup.Buffer, \*example.com/replfact/uc.U, returns \*bytes.Buffer\)`

// Ticks' replacement returns chan int, not <-chan int: a site could not
// rebuild an unnamed result from a fact, so there is none.
//
//factoryscope:singleton example.com/replfact/sup.Ticks
func Ticks() <-chan int { return nil }

// Local's replacement is in this package: every site sees it, no fact.
//
//factoryscope:singleton NewLocal
func Local() *sup.F { return nil }

func NewLocal(ctx interface{ Done() <-chan struct{} }) *sup.F { return nil }
