package jobs_test

import (
	"slices"
	"testing"

	"example.com/migration/jobs"
	"example.com/migration/testutil"
)

func TestNightly(t *testing.T) {
	if got := jobs.Nightly(t.Context()); !slices.Contains(got, "nightly") {
		t.Errorf("Nightly = %q, want nightly in it", got)
	}
	// Through a wrapper that only returns the singleton: fixed like a
	// direct use.
	if f := testutil.Agents(); f == nil {
		t.Errorf("no factory")
	}
}
