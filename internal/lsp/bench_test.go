package lsp

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"go.lsp.dev/protocol"

	"github.com/factoryscope/factoryscope/internal/lsp/internal/benchmod"
)

func benchModule(b *testing.B) (dir string, files map[string]string) {
	b.Helper()
	dir = b.TempDir()
	files = benchmod.Module()
	writeFiles(b, dir, files)
	return dir, files
}

// BenchmarkOpenToDiagnostics measures a new server's first diagnostics
// for a file of the 50-file package: listing the package, reading the
// dependencies' export data (built once, then from the build cache),
// computing their facts, type-checking and analysing.
func BenchmarkOpenToDiagnostics(b *testing.B) {
	dir, _ := benchModule(b)
	path := filepath.Join(dir, "big", "file00.go")
	for range b.N {
		c, _ := start(b, dir, Options{}, nil, "")
		u := c.open(path)
		c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })
	}
}

// BenchmarkDidChangeToDiagnostics measures the time from a didChange of
// one file of a 50-file package to the publishDiagnostics for it, at the
// default settings (no debounce). internal/lsp/bench compares it with gopls over
// stdio.
func BenchmarkDidChangeToDiagnostics(b *testing.B) {
	benchEdits(b, func(text string, i int) (string, int) {
		// Alternate between a version with a third site and one without.
		if i%2 == 0 {
			return strings.Replace(text, benchmod.Anchor, "\t_ = lib.Get()\n"+benchmod.Anchor, 1), 3
		}
		return text, 2
	})
}

// BenchmarkDidChangeNewText is BenchmarkDidChangeToDiagnostics with a text
// the server has never seen on every edit, so no result is reused: the
// cost of a keystroke.
func BenchmarkDidChangeNewText(b *testing.B) {
	benchEdits(b, func(text string, i int) (string, int) {
		return strings.Replace(text, benchmod.Anchor, fmt.Sprintf("\t_ = lib.Get() // edit %d\n", i)+benchmod.Anchor, 1), 3
	})
}

// benchEdits opens big/file00.go and times, for each i, a whole-document
// change to the text edit gives and the diagnostics it says to expect.
func benchEdits(b *testing.B, edit func(text string, i int) (src string, want int)) {
	b.Helper()
	dir, files := benchModule(b)
	c, _ := start(b, dir, Options{}, nil, "")
	u := c.open(filepath.Join(dir, "big", "file00.go"))
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })
	text := files["big/file00.go"]
	b.ResetTimer()
	for i := range b.N {
		src, want := edit(text, i)
		c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: src})
		c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == want })
	}
}
