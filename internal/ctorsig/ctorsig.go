// Package ctorsig says whether a function has the shape of a constructor of
// a per-request value: the shape the ctors pass discovers and the shape a
// //factoryscope:constructor directive requires, so the two cannot differ.
package ctorsig

import (
	"fmt"
	"go/types"
	"slices"
)

// Params are the parameter types a constructor may take, written as
// types.TypeString(t, nil) writes them.
var Params = []string{"context.Context", "*net/http.Request", "testing.TB", "*testing.T"}

// Shape is the shape Check requires, for messages.
const Shape = "an exported func with one parameter of type context.Context, *net/http.Request, testing.TB or *testing.T and one result, not generic, not variadic"

// Check returns the type of fn's parameter (one of Params) and of its
// result, written by types.TypeString(t, nil), when fn has a constructor's
// shape: exported, not a method, not generic, not variadic, one parameter
// of a type in Params, one result. Otherwise it returns why not, in words
// that follow the function's name ("is not exported").
func Check(fn *types.Func) (param, result, why string) {
	sig := fn.Signature()
	switch {
	case !fn.Exported():
		return "", "", "is not exported"
	case sig.Recv() != nil:
		return "", "", "is a method"
	case sig.TypeParams().Len() > 0:
		return "", "", "is generic"
	case sig.Variadic():
		return "", "", "is variadic"
	case sig.Params().Len() != 1:
		return "", "", fmt.Sprintf("has %d parameters", sig.Params().Len())
	case sig.Results().Len() != 1:
		return "", "", fmt.Sprintf("has %d results", sig.Results().Len())
	}
	param = types.TypeString(sig.Params().At(0).Type(), nil)
	if !slices.Contains(Params, param) {
		return "", "", "takes a parameter of type " + param
	}
	return param, types.TypeString(sig.Results().At(0).Type(), nil), ""
}
