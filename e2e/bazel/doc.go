// Package bazel holds the end-to-end test of factoryscope under Bazel's
// rules_go nogo, on testdata/bazel: a workspace whose nogo target runs the
// nogo package's Analyzer with the -settings flag of its nogo config. The
// test builds the workspace with Bazel and requires the build to fail with
// exactly the findings the CLI reports on the same code with the same
// settings, then to pass once the CLI's -fix has been applied.
//
// It needs bazel (Debian's bazel-bootstrap, Bazel 4.2.3; .ci/run installs
// it) and is skipped without it. The rules_go stack of
// testdata/bazel/recipe (rules_go v0.34.0 patched for Go 1.26,
// golang.org/x/tools v0.52.0, from the Go module proxy), the local
// repositories of factoryscope's own packages and their dependencies (from
// this tree and the module cache, BUILD files by gazelle) and Bazel's
// output root are kept in $FACTORYSCOPE_BAZEL_CACHE, by default
// factoryscope-bazel under the user's cache directory, so that a warm run
// takes seconds; the first run takes minutes (Bazel compiles the standard
// library twice).
package bazel
