// Package lsp is factoryscope's language server. (stub)
package lsp

import (
	"fmt"
	"os"
)

// Main runs the language server over stdio with the given arguments (those
// after "lsp") and returns the process exit code.
func Main(args []string) int {
	fmt.Fprintln(os.Stderr, "factoryscope lsp: not implemented yet")
	return 2
}
