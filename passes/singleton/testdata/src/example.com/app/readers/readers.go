// Package readers has singletons whose replacements return assignable,
// not identical, types.
package readers

import (
	"bytes"
	"context"
	"io"
)

func Get() io.Reader { return nil }

func Create(ctx context.Context) *bytes.Buffer { return nil }

func Pair() (io.Reader, error) { return nil, nil }

func CreatePair(ctx context.Context) (*bytes.Buffer, error) { return nil, nil }

type opaque interface{ Len() int }

func Opaque() opaque { return nil }

func CreateOpaque(ctx context.Context) *bytes.Buffer { return nil }

// Fn is a named func type.
type Fn func()

var Hook func()

func CreateHook(ctx context.Context) Fn { return nil }
