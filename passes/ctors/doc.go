// Package ctors defines an Analyzer that records, for every package, the
// exported functions that build a value from a request's context, a
// request, or a test.
//
// # Analyzer ctors
//
// ctors: export the constructors of each package as a fact
//
// A constructor is an exported, non-generic, non-variadic function with
// one parameter of type context.Context or *net/http.Request and one
// result, for example
//
//	func FromContext(ctx context.Context) *UserContext
//
// A test constructor has the same shape with a parameter of type
// testing.TB or *testing.T; it builds a test identity:
//
//	func ForTest(tb testing.TB) *UserContext
//
// A constructor whose doc comment carries the directive
//
//	//factoryscope:constructor
//
// is marked: the package chose it (see the directive analyzer, which
// reports the directive on a function of any other shape).
//
// The singleton analyzer uses them to build the per-request argument of a
// replacement from a context, request or test found at the site. The list
// travels as a package fact because a package that uses a replacement
// often does not import the package that declares its parameter type, and
// the type checker's view of such an indirect dependency holds only the
// objects that the export data needed, usually not its functions.
//
// Each package's fact also lists the constructors of its direct imports
// and those its direct imports' facts list (except those returning
// context.Context or error): the constructors of all its dependencies,
// with their kind and mark, because go vet gives a package the facts of
// its direct imports only, and a site may reach the per-request type only
// through a chain of imports (a singleton's package importing the
// replacement's, which imports the type's).
//
// This analyzer reports nothing.
package ctors
