// Package golangci holds the end-to-end tests of factoryscope inside
// golangci-lint: they build the custom golangci-lint with the plugin
// (go run ./internal/buildgcl, a few minutes the first time, seconds when
// only the plugin changed, nothing when up to date), run it on a copy of
// the module in testdata/golangci and on this repository, and check what it
// reports and fixes. They are skipped with -short.
package golangci
