// Package sup holds the replacements; it imports uc directly.
package sup

import (
	"bytes"

	"example.com/replfact/uc"
)

// F is a factory.
type F struct{}

func Create(u *uc.U) *F { return &F{} }

func CreateNamed(u *uc.U, name string) (*F, error) { return &F{}, nil }

func Buffer(u *uc.U) *bytes.Buffer { return nil }

func Ticks(u *uc.U) chan int { return nil }
