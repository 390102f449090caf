package docs_test

import (
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/internal/docs"
)

func TestExtract(t *testing.T) {
	src := "// Package x does x.\n//\n// # Analyzer x\n//\n// x: finds x\n//\n// Long text.\n//\n// # Other\n//\n// ignored\npackage x\n"
	got, err := docs.Extract(src, "x")
	if err != nil {
		t.Fatal(err)
	}
	if got != "x: finds x\n\nLong text." {
		t.Errorf("Extract = %q", got)
	}
	for _, bad := range []string{"package x\n", "// Package x.\npackage x\n", "// # Analyzer x\n//\n// y: wrong\npackage x\n"} {
		if _, err := docs.Extract(bad, "x"); err == nil || !strings.HasPrefix(err.Error(), "docs: ") {
			t.Errorf("Extract(%q) error = %v, want a docs: error", bad, err)
		}
	}
}
