package main_test

import (
	"encoding/json"
	"maps"
	"slices"
	"testing"

	factoryscope "github.com/factoryscope/factoryscope/cmd/factoryscope"
	"github.com/factoryscope/factoryscope/internal/e2etest"
)

// TestValueFlags checks that valueFlags are exactly the flags that take a
// separate value: those of the standalone driver and those multichecker
// registers for go vet's runs, analyzers' flags included, as the binary's
// -flags lists them to go vet. A flag missing from valueFlags would have its value read as the
// first package pattern; one too many would swallow a pattern.
func TestValueFlags(t *testing.T) {
	t.Parallel()
	want := map[string]bool{}
	for _, name := range factoryscope.StandaloneValueFlags() {
		want[name] = true
	}
	r := e2etest.Run(t, t.TempDir(), bin, "-flags")
	var listed []struct {
		Name string
		Bool bool
	}
	if err := json.Unmarshal([]byte(r.Stdout), &listed); r.Code != 0 || err != nil {
		t.Fatalf("factoryscope -flags: exit %d, %v\n%s%s", r.Code, err, r.Stdout, r.Stderr)
	}
	for _, f := range listed {
		if !f.Bool {
			want[f.Name] = true
		}
	}
	got, w := slices.Sorted(maps.Keys(factoryscope.ValueFlags)), slices.Sorted(maps.Keys(want))
	if !slices.Equal(got, w) {
		t.Errorf("valueFlags = %v, want the flags that take a value: %v", got, w)
	}
}
