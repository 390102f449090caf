// Package realcode holds the end-to-end test of factoryscope on code it
// was not written for: golang.org/x/tools v0.52.0, copied out of the
// module cache (the test downloads it through the Go module proxy when it
// is missing). Under the rules context.Background -> context.WithoutCancel
// and context.TODO -> context.WithoutCancel, the CLI must load and analyse
// every package and test without a panic, -fix must fix at least one site,
// and the fixed module must still build and pass go vet (which
// type-checks the test files too). A second dry run must find nothing more
// to fix and the same sites left. The test logs the sites found, fixed and
// left per rule.
//
// It takes several minutes on a cold build cache (x/tools and its
// dependencies are compiled twice, before and after the fix) and more than
// a minute warm, so it is skipped with -short.
package realcode
