// Package user imports lib: its facts are visible here.
package user

import "example.com/lib"

var _ = lib.Shared
