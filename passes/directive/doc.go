// Package directive defines an Analyzer that reads factoryscope source
// directives: it exports singleton rules as facts and returns the marked
// constructors and the directives it could not apply.
//
// # Analyzer directive
//
// directive: read //factoryscope:singleton and //factoryscope:constructor directives
//
// A library that owns a process-wide factory can declare, next to it, what
// callers should use instead, so that factoryscope needs no configuration:
//
//	// GetAgentInstanceFactory returns the process-wide factory.
//	//
//	//factoryscope:singleton CreateAgentInstanceFactory
//	func GetAgentInstanceFactory() *AgentInstanceFactory
//
// The singleton directive goes in the doc comment of a package-level func
// or var (for a var in a group, in the doc comment of its own line). Its
// argument names the replacement: a name in the same package or a full
// "import/path.Name". Any text after the name is an extra message shown
// with every diagnostic. The directive becomes a fact on the object, so
// packages that import the library, directly or not, see it.
//
// The package that declares the per-request type can choose which of its
// functions builds that value for a request:
//
//	// FromContext returns the user of the request that ctx belongs to.
//	//
//	//factoryscope:constructor
//	func FromContext(ctx context.Context) *UserContext
//
// The constructor directive goes in the doc comment of an exported
// package-level func with one parameter of type context.Context,
// *net/http.Request, testing.TB or *testing.T (a test constructor) and one
// result, not generic, not variadic, and not returning context.Context or
// error. It takes no argument. The ctors analyzer records the marked
// funcs in its facts.
//
// A directive is a // line comment in the doc comment, directly above the
// declaration: Go directives have no space after // nor after the colon.
// Every comment that starts with factoryscope: (after // or /*, with or
// without spaces) and cannot apply is reported where it is written, with
// what is wrong and where it must go, so that no rule is silently lost:
//
//	//factoryscope:singletn X          unknown directive
//	// factoryscope:singleton X        a space after //: a plain comment
//	//factoryscope: singleton X        a space after the colon
//	/*factoryscope:singleton X*/       a block comment
//	//factoryscope:singleton           no replacement
//	//factoryscope:constructor         on a func of the wrong shape
//
// and any directive on a type, a method, a const, an import, a var group,
// a var _ or func init (no code can refer to them),
// inside a declaration or a function body, at the end of a line of code,
// separated from the declaration below it by a blank line (so not in its
// doc comment), or after the last declaration of the file. A second
// directive of the same kind on one declaration is reported too.
//
// This analyzer reports nothing itself; the singleton analyzer reports the
// directives of its result's Malformed list.
package directive
