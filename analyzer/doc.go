// Package analyzer is factoryscope's public API: the configuration that
// every driver shares (strict decoding, validation, discovery in a
// golangci-lint configuration) and New, which builds the analyzers for a
// configuration.
//
// Drivers use it as
//
//	cfg, _, err := analyzer.Discover(".") // or analyzer.LoadFile(path)
//	suite, err := analyzer.New(cfg)
//
// and run suite with any go/analysis driver. Every error from this package
// is one line that names the offending field, e.g.
//
//	rules[0].replacement: "x" is not an import path followed by a name
package analyzer
