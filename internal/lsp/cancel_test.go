package lsp

import (
	"context"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"go.lsp.dev/protocol"
	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/analyzer"
)

// An edit of a package's file cancels a running analysis of the test
// variant, which has that file too; the test files still get the
// diagnostics of their latest text once the edit is analysed.
func TestCancelledTestVariant(t *testing.T) {
	dir := newModule(t)
	writeFiles(t, dir, map[string]string{"app/app_test.go": "package app\n\nimport \"testing\"\n\nfunc TestA(t *testing.T) {}\n"})
	var (
		mu      sync.Mutex
		block   = false
		started = make(chan struct{}, 1)
		release = make(chan struct{})
	)
	// files reports each file once; on the test variant, while block is
	// set, it first waits for release.
	files := &analysis.Analyzer{Name: "files", Doc: "files: each file", Run: func(pass *analysis.Pass) (any, error) {
		test := false
		for _, f := range pass.Files {
			test = test || strings.HasSuffix(pass.Fset.File(f.Pos()).Name(), "_test.go")
		}
		mu.Lock()
		wait := test && block
		mu.Unlock()
		if wait {
			started <- struct{}{}
			<-release
		}
		for _, f := range pass.Files {
			pass.Report(analysis.Diagnostic{Pos: f.Name.Pos(), Message: "file"})
		}
		return nil, nil
	}}
	newSuite := func(analyzer.Config, string) (analyzer.Suite, error) { return analyzer.Suite{files}, nil }
	c, _ := start(t, dir, Options{NewSuite: newSuite}, nil, "")
	app := c.open(filepath.Join(dir, "app", "app.go"))
	test := c.open(filepath.Join(dir, "app", "app_test.go"))
	one := func(ds []protocol.Diagnostic) bool { return len(ds) == 1 }
	c.waitDiags(app, one)
	c.waitDiags(test, one)

	mu.Lock()
	block = true
	mu.Unlock()
	c.change(test, &protocol.TextDocumentContentChangeWholeDocument{Text: "package app\n\nimport \"testing\"\n\nfunc TestB(t *testing.T) {}\n"})
	<-started // the test variant's analysis of the new text is running
	mu.Lock()
	block = false
	mu.Unlock()
	c.change(app, &protocol.TextDocumentContentChangeWholeDocument{Text: module["app/app.go"] + "\n// edited\n"})
	// The server reads a request after the notifications before it have
	// been handled: once it answers, the edit has cancelled the analysis.
	_, _ = c.server.Hover(context.Background(), &protocol.HoverParams{})
	close(release)
	c.waitDiags(app, one)
	c.waitDiags(test, one)
}
