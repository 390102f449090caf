// Package analyzer is factoryscope's public API: the configuration that
// every driver shares (strict decoding, validation, discovery in a
// golangci-lint configuration) and New, which builds the analyzers for a
// configuration.
//
// Drivers use it as
//
//	cfg, _, err := analyzer.Discover(dir) // or analyzer.LoadFile(path, dir)
//	suite, err := analyzer.New(cfg, dir)
//
// and run suite with any go/analysis driver. dir is the directory the
// configuration is for (the analysed module's; the CLI passes "."): its
// nearest go.mod decides which dotless import paths are valid. Nothing in
// this package reads the process's working directory on its own. Every error from this package
// is one line that names the offending field, e.g.
//
//	rules[0].replacement: "x" is not an import path followed by a name
package analyzer
