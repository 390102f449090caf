// Package directive defines an Analyzer that reads factoryscope source
// directives and exports them as facts.
//
// # Analyzer directive
//
// directive: export //factoryscope:singleton directives as facts
//
// A library that owns a process-wide factory can declare, next to it, what
// callers should use instead, so that factoryscope needs no configuration:
//
//	// GetAgentInstanceFactory returns the process-wide factory.
//	//
//	//factoryscope:singleton CreateAgentInstanceFactory
//	func GetAgentInstanceFactory() *AgentInstanceFactory
//
// The directive goes in the doc comment of a package-level func or var. Its
// argument names the replacement: a name in the same package or a full
// "import/path.Name". Any text after the name is an extra message shown with
// every diagnostic. The directive becomes a fact on the object, so packages
// that import the library, directly or not, see it.
//
// This analyzer reports nothing; malformed directives are returned in its
// result for the singleton analyzer to report.
package directive
