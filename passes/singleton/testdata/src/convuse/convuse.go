package convuse

import (
	"context"
	"strings"

	"example.com/app/readers"
)

// The replacement's result is converted to the singleton's type, so that
// code relying on that exact type still compiles; io is imported for it.
func use(ctx context.Context) {
	r := readers.Get() // want `call readers.Create with ctx instead, converting its result to io.Reader`
	r = strings.NewReader("x")
	_ = r
	switch (readers.Get)().(type) { // want `converting its result to io.Reader`
	case *strings.Reader:
	}
	h := readers.Hook // want `call readers.CreateHook with ctx instead, converting its result to func\(\)`
	h = func() {}
	_ = h
}

// No fix where the conversion cannot be written.
func none(ctx context.Context) {
	x, err := readers.Pair() // want `\(no fix: CreatePair's results are not identical to Pair's, and several results cannot be converted\)`
	_, _ = x, err
	_ = readers.Opaque() // want `\(no fix: CreateOpaque returns \*bytes.Buffer, which would need a conversion to example.com/app/readers.opaque, a type this file cannot name\)`
}
