// Package singleton defines an Analyzer that reports every use of a
// process-wide singleton factory and suggests its per-request replacement.
//
// # Analyzer singleton
//
// singleton: report uses of process-wide singletons and suggest a per-request replacement
//
// A singleton is a package-level func or var that hands every caller the
// same value, such as a factory built once behind a sync.Once. Shared by
// the whole process, it carries one user's state into another user's
// request. Each rule names a singleton and its replacement, a func whose
// first parameter P is a per-request value and whose other parameters are
// the singleton's:
//
//	rules:
//	  - singleton: example.com/app/agents/supervisor.GetAgentInstanceFactory
//	    replacement: example.com/app/agents/supervisor.CreateAgentInstanceFactory
//
// Rules come from the configuration and from //factoryscope:singleton
// directives in the doc comments of the singletons themselves.
//
// Every call of a singleton func, use of it as a value and read of a
// singleton var is reported, in any package; objects are matched by type
// information, so import aliases and dot imports change nothing:
//
//	func handle(w http.ResponseWriter, r *http.Request) {
//		f := supervisor.GetAgentInstanceFactory() // reported
//	}
//
// The suggested fix calls the replacement with an argument for P built from
// what is in scope at the site, searched innermost scope first: a variable
// assignable to P; if P is context.Context, a context; otherwise a
// constructor of P applied to a context or request:
//
//	func handle(w http.ResponseWriter, r *http.Request) {
//		f := supervisor.CreateAgentInstanceFactory(userctx.FromContext(r.Context()))
//	}
//
// A context is a variable of a type that implements context.Context, or
// x.Context() for a variable x whose type has that method (*http.Request;
// *testing.T and its kin from Go 1.24). Uses in package-level initializers,
// init, main, or where nothing suitable is in scope are reported without a
// fix, and the message says what was looked for.
//
// Only values that hold the request count: never a named result, a var
// before it is assigned on every path to the site, or a context derived
// from context.Background, context.TODO or a package-level variable.
// Constructors are chosen, never guessed: the configured ones in order,
// then those marked with a //factoryscope:constructor directive, else the
// only one found in P's package; with several and none chosen there is no
// fix. In _test.go files a chosen test constructor, taking testing.TB or
// *testing.T, is applied to the test's t.
//
// The sites of one function that pass the same argument share one value,
// declared once, as the singleton was one object for all of them:
//
//	factory := supervisor.CreateAgentInstanceFactory(userctx.FromContext(r.Context()))
//	factory.Register("search")
//	fmt.Fprintln(w, factory.Tools())
//
// Uses through a wrapper (a func or method every return path of which
// returns the singleton's value), an unexported holder variable or an
// unexported holder field are reported too, with category "indirect" and
// the chain in the message; those that yield exactly the singleton's value
// get the same fix.
package singleton
