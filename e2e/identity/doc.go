// Package identity holds the end-to-end test of the fix on
// testdata/identity, a module whose user-context package has two
// constructors from a context (the caller's, marked with
// //factoryscope:constructor, and a service account's) and a test
// constructor. The test builds the CLI, checks that the module's own
// tests fail before factoryscope -fix and pass after it (each handler acts
// for the calling user, sees its own tools and nobody else's, and does not
// panic), compares the fixed files with their goldens and checks what is
// left unfixed.
package identity
