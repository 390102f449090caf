package singleton

import "github.com/factoryscope/factoryscope/internal/objref"

// Settings configure a singleton Analyzer. They are validated by the
// analyzer package before New is called.
type Settings struct {
	Rules        []ParsedRule
	Constructors []objref.Ref // tried before discovered constructors, in order
	// TestConstructors build a test identity from a testing.TB or
	// *testing.T; in _test.go files they are tried before Constructors.
	TestConstructors []objref.Ref
}

// ParsedRule maps a process-wide singleton to its per-request replacement:
// a rule of the configuration (analyzer.Rule, which names them as text)
// with both names parsed. Each package that can use the singleton resolves
// it against its own view of the objects.
type ParsedRule struct {
	Singleton   objref.Ref // a package-level func or var
	Replacement objref.Ref // a func whose first parameter is the per-request value
	Message     string     // optional extra text for the diagnostic
}
