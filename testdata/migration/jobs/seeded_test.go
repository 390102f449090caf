package jobs_test

import (
	"slices"
	"testing"

	"example.com/migration/testutil"
)

// testutil.Seeded does more than return the singleton: this use gets no
// fix until Seeded takes the test's user.
func TestSeeded(t *testing.T) {
	if f := testutil.Seeded(); !slices.Contains(f.Tools(), "seed") {
		t.Errorf("Tools() = %q, want seed in it", f.Tools())
	}
}
