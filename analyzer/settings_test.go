package analyzer

import (
	"slices"
	"testing"

	"github.com/factoryscope/factoryscope/internal/objref"
)

// TestSettingsConstructors checks that both constructor lists reach the
// singleton pass's settings, parsed and in the order given.
func TestSettingsConstructors(t *testing.T) {
	t.Parallel()
	cfg := Config{
		Constructors:     []string{"example.com/app/userctx.FromContext", "example.com/app/userctx.FromRequest"},
		TestConstructors: []string{"example.com/app/userctx.ForTest", "example.com/app/testid.Admin"},
	}
	s, err := cfg.settings("")
	if err != nil {
		t.Fatal(err)
	}
	wantCtors := []objref.Ref{{Path: "example.com/app/userctx", Name: "FromContext"}, {Path: "example.com/app/userctx", Name: "FromRequest"}}
	wantTest := []objref.Ref{{Path: "example.com/app/userctx", Name: "ForTest"}, {Path: "example.com/app/testid", Name: "Admin"}}
	if !slices.Equal(s.Constructors, wantCtors) {
		t.Errorf("Constructors = %v, want %v", s.Constructors, wantCtors)
	}
	if !slices.Equal(s.TestConstructors, wantTest) {
		t.Errorf("TestConstructors = %v, want %v", s.TestConstructors, wantTest)
	}
}
