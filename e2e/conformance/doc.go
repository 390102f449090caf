// Package conformance holds the test that every driver of factoryscope
// reports the same findings: the CLI's checker (factoryscope -json),
// go vet -vettool with the same binary, the custom golangci-lint with the
// plugin, and the language server (factoryscope lsp, spoken to over stdio).
//
// Its table of cases is every package under passes/*/testdata/src, each
// with the configuration of the pass test that analyses it, and every
// end-to-end module under testdata/. The test materialises each run (the
// cases of one configuration) as a Go workspace (or a copy of the module)
// in a temporary directory with one .golangci.yml that all four drivers
// read, runs every driver once on it, and compares, for every site, its
// position, category, message and the file as it reads after applying the
// site's fix. A difference is a bug in a driver or a pass. It is skipped
// with -short.
package conformance
