package driver_test

import (
	"context"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/internal/lsp/internal/driver"
)

// TestCgoPositions: in a file that imports "C" the analyzers see cmd/cgo's
// copy in the build cache; a diagnostic there is reported in the user's
// file, where the CLI and go vet report it, and without the fix, whose
// edits would land in the copy.
func TestCgoPositions(t *testing.T) {
	if out, err := exec.Command("go", "env", "CGO_ENABLED").Output(); err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is not enabled")
	}
	const src = "package app\n\nimport \"C\"\n\nimport \"example.com/m/lib\"\n\nfunc UseC() { _ = lib.Get() }\n"
	files := module(t)
	files["app/c.go"] = src
	dir := driver.WriteModule(t, files)
	d := newDriver(t, probe)
	file := filepath.Join(dir, "app", "c.go")
	res, err := d.Analyze(context.Background(), file, nil)
	if err != nil {
		t.Fatal(err)
	}
	var found bool
	for _, diag := range res.Diagnostics {
		if !strings.HasPrefix(diag.Message, "singleton Get") || filepath.Base(diag.File) == "app.go" {
			continue
		}
		found = true
		if diag.File != file || diag.Start != strings.Index(src, "lib.Get()") || diag.End != diag.Start+len("lib.Get()") || len(diag.Fixes) != 0 {
			t.Errorf("diagnostic at %s [%d,%d) with %d fixes, want %q in %s, no fix", diag.File, diag.Start, diag.End, len(diag.Fixes), "lib.Get()", file)
		}
	}
	if !found {
		t.Fatalf("no diagnostic for lib.Get(): %q", messages(res))
	}
}
