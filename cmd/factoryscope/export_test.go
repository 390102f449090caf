package main

import "flag"

// ValueFlags is valueFlags, for the tests that run the binary.
var ValueFlags = valueFlags

// StandaloneValueFlags returns the names of the standalone driver's own
// flags (registerFlags, without analyzers) that take a value.
func StandaloneValueFlags() []string {
	fs := flag.NewFlagSet("factoryscope", flag.ContinueOnError)
	registerFlags(fs, nil, new(options))
	var names []string
	fs.VisitAll(func(f *flag.Flag) {
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); !ok || !b.IsBoolFlag() {
			names = append(names, f.Name)
		}
	})
	return names
}
