package golangci_test

import "testing"

// TestRepository runs the custom binary with the project's .golangci.yml on
// the whole repository: the project's code must pass its own linters.
func TestRepository(t *testing.T) {
	t.Parallel()
	code, stdout, stderr := lint(t, root, "--show-stats=false", "./...")
	if code != 0 {
		t.Errorf("golangci-lint run on the repository exited %d:\n%s%s", code, stdout, stderr)
	}
}
