// Package old has a singleton whose replacement, parameter type and
// result type each live in another package.
package old

import (
	"example.com/app/multi/api"
	"example.com/app/multi/impl"
)

func Get() api.Doer { return impl.Shared }

func Impl() *impl.D { return impl.Shared }
