package lsp

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	u16 "unicode/utf16"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
	"golang.org/x/tools/txtar"
)

// The module the tests edit: app reaches the singleton lib.Get, whose
// replacement takes a *userctx.User that app does not import, so the fix
// adds the import (the same edit for both sites in the file).
var module = archive("module.txtar")

// archive returns the files of testdata/name, a txtar archive, by path.
func archive(name string) map[string]string {
	a, err := txtar.ParseFile(filepath.Join("testdata", name))
	if err != nil {
		panic(err) // a fixture of the tests is missing
	}
	files := make(map[string]string, len(a.Files))
	for _, f := range a.Files {
		files[f.Name] = string(f.Data)
	}
	return files
}

const appFixed = `package app

import (
	"context"

	"example.com/m/lib"
	"example.com/m/userctx"
)

func Handle(ctx context.Context) *lib.Factory {
	return lib.Create(userctx.FromContext(ctx))
}

func Serve(ctx context.Context) *lib.Factory {
	_ = lib.Other()
	return lib.Create(userctx.FromContext(ctx))
}
`

func newModule(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	writeFiles(t, dir, module)
	return dir
}

func singletonDiags(ds []protocol.Diagnostic) int {
	n := 0
	for _, d := range ds {
		if strings.Contains(message(d), "lib.Get") {
			n++
		}
	}
	return n
}

func TestOpenEditClose(t *testing.T) {
	dir := newModule(t)
	c, res := start(t, dir, Options{}, nil, "")
	if res.Capabilities.PositionEncoding != protocol.PositionEncodingKindUTF16 {
		t.Errorf("position encoding = %q, want utf-16 by default", res.Capabilities.PositionEncoding)
	}
	app := filepath.Join(dir, "app", "app.go")
	u := c.open(app)
	ds := c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	if len(ds) != 2 || singletonDiags(ds) != 2 {
		t.Fatalf("diagnostics: %s", describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}))
	}
	if d := ds[0]; d.Range.Start.Line != 9 || d.Severity != protocol.DiagnosticSeverityWarning {
		t.Errorf("first diagnostic at line %d severity %d, want line 9 warning", d.Range.Start.Line, d.Severity)
	}

	// Removing both calls (an incremental edit of each line) clears them.
	c.change(u,
		&protocol.TextDocumentContentChangePartial{Range: lineRange(9, "\treturn lib.Get()"), Text: "\treturn nil"},
		&protocol.TextDocumentContentChangePartial{Range: lineRange(14, "\treturn lib.Get()"), Text: "\treturn nil"},
	)
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 0 })

	// Bringing one back (full sync) reports it again.
	src := strings.Replace(module["app/app.go"], "\t_ = lib.Other()\n\treturn lib.Get()", "\t_ = lib.Other()\n\treturn nil", 1)
	c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: src})
	ds = c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	if len(ds) != 1 || ds[0].Range.Start.Line != 9 {
		t.Fatalf("after full change: %s", describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}))
	}

	if err := c.server.DidClose(context.Background(), &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: u}}); err != nil {
		t.Fatal(err)
	}
	c.waitCleared(u)
}

// lineRange is the range of the whole of line (0-based) whose text is s
// (ASCII).
func lineRange(line uint32, s string) protocol.Range {
	return protocol.Range{Start: protocol.Position{Line: line}, End: protocol.Position{Line: line, Character: uint32(len(s))}}
}

func TestQuickFixAndFixAll(t *testing.T) {
	dir := newModule(t)
	c, _ := start(t, dir, Options{}, nil, "")
	app := filepath.Join(dir, "app", "app.go")
	u := c.open(app)
	ds := c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })
	text := module["app/app.go"]

	// A quickfix for the diagnostic under the cursor, carrying it.
	cursor := protocol.Range{Start: ds[0].Range.Start, End: ds[0].Range.Start}
	actions := c.codeActions(u, cursor)
	var quick []*protocol.CodeAction
	for _, a := range actions {
		if a.Kind != nil && *a.Kind == protocol.CodeActionKindQuickFix {
			quick = append(quick, a)
		}
	}
	if len(quick) != 1 {
		t.Fatalf("got %d quickfixes at the first site, want 1: %+v", len(quick), actions)
	}
	q := quick[0]
	if q.IsPreferred == nil || !*q.IsPreferred || len(q.Diagnostics) != 1 || q.Diagnostics[0].Range != ds[0].Range || q.Title == "" {
		t.Errorf("quickfix: preferred %v, diagnostics %+v, title %q", q.IsPreferred, q.Diagnostics, q.Title)
	}
	got := applyEdits(t, text, q.Edit.Changes[u], utf16)
	i := strings.LastIndex(appFixed, "lib.Create(userctx.FromContext(ctx))")
	want := appFixed[:i] + "lib.Get()" + appFixed[i+len("lib.Create(userctx.FromContext(ctx))"):]
	if got != want {
		t.Errorf("quickfix result:\n%s\nwant:\n%s", got, want)
	}

	// Fix-all: both sites, the import once.
	all := c.codeActions(u, cursor, "source.fixAll")
	if len(all) != 1 || *all[0].Kind != fixAllKind || len(all[0].Diagnostics) != 2 {
		t.Fatalf("fix-all actions: %+v", all)
	}
	got = applyEdits(t, text, all[0].Edit.Changes[u], utf16)
	if got != appFixed {
		t.Fatalf("fix-all result:\n%s\nwant:\n%s", got, appFixed)
	}
	if only := c.codeActions(u, cursor, protocol.CodeActionKindQuickFix); len(only) != 1 {
		t.Errorf("only=quickfix gave %d actions, want 1", len(only))
	}

	// The fixed file builds, and the server agrees there is nothing left.
	if err := os.WriteFile(app, []byte(got), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("go", "build", "./...")
	cmd.Dir, cmd.Env = dir, testEnv()
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build after fix-all: %v\n%s", err, out)
	}
	c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: got})
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 0 })
	if acts := c.codeActions(u, cursor); len(acts) != 0 {
		t.Errorf("actions on a clean file: %+v", acts)
	}
}

// utf16Col is the UTF-16 column of byte offset col in line, computed
// independently of the server's mapper.
func utf16Col(line string, col int) uint32 {
	return uint32(len(u16.Encode([]rune(line[:col]))))
}

func TestNonASCIIPositions(t *testing.T) {
	const line = `	_, f := "é, 世界 😀", lib.Get()`
	src := strings.Replace(module["app/app.go"], "\treturn lib.Get()\n}\n\nfunc Serve", "\t"+line[1:]+"\n\treturn f\n}\n\nfunc Serve", 1)
	src = strings.Replace(src, "\t_ = lib.Other()\n\treturn lib.Get()", "\treturn nil", 1)
	col := strings.Index(line, "lib.Get()")
	for _, tc := range []struct {
		offered []protocol.PositionEncodingKind
		enc     encoding
		start   uint32
	}{
		{nil, utf16, utf16Col(line, col)},
		{[]protocol.PositionEncodingKind{"utf-16"}, utf16, utf16Col(line, col)},
		{[]protocol.PositionEncodingKind{"utf-32", "utf-8"}, utf8Enc, uint32(col)},
		{[]protocol.PositionEncodingKind{"utf-32"}, utf32, uint32(len([]rune(line[:col])))},
	} {
		t.Run(string(tc.enc.kind()), func(t *testing.T) {
			dir := newModule(t)
			writeFiles(t, dir, map[string]string{"app/app.go": src})
			c, res := start(t, dir, Options{}, tc.offered, "")
			if res.Capabilities.PositionEncoding != tc.enc.kind() {
				t.Fatalf("negotiated %q, want %q", res.Capabilities.PositionEncoding, tc.enc.kind())
			}
			u := c.open(filepath.Join(dir, "app", "app.go"))
			ds := c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
			if len(ds) != 1 || ds[0].Range.Start.Line != 9 || ds[0].Range.Start.Character < tc.start || ds[0].Range.End.Character > tc.start+uint32(len("lib.Get()")) {
				t.Fatalf("diagnostic %s, want within line 9 chars %d..%d", describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}), tc.start, tc.start+9)
			}
			acts := c.codeActions(u, ds[0].Range, protocol.CodeActionKindQuickFix)
			if len(acts) != 1 {
				t.Fatalf("got %d quickfixes", len(acts))
			}
			fixed := applyEdits(t, src, acts[0].Edit.Changes[u], tc.enc)
			if !strings.Contains(fixed, `	_, f := "é, 世界 😀", lib.Create(userctx.FromContext(ctx))`) {
				t.Fatalf("fixed text:\n%s", fixed)
			}
			// An incremental edit after the non-ASCII text, in the
			// negotiated encoding, removes the call.
			end := tc.start + uint32(len("lib.Get()"))
			c.change(u, &protocol.TextDocumentContentChangePartial{
				Range: protocol.Range{Start: protocol.Position{Line: 9, Character: tc.start}, End: protocol.Position{Line: 9, Character: end}},
				Text:  "lib.Create(nil)",
			})
			c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 0 })
		})
	}
}

func TestConfigFileChange(t *testing.T) {
	dir := newModule(t)
	c, _ := start(t, dir, Options{}, nil, "")
	u := c.open(filepath.Join(dir, "app", "app.go"))
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return singletonDiags(ds) == 2 })

	// The config now names lib.Other instead: after the next edit (or a
	// watched-file event) the diagnostics follow, without a restart.
	cfg := strings.ReplaceAll(module[".golangci.yml"], "lib.Get", "lib.Other")
	cfg = strings.ReplaceAll(cfg, "lib.Create", "lib.CreateOther")
	writeFiles(t, dir, map[string]string{".golangci.yml": cfg})
	c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: module["app/app.go"]})
	ds := c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 1 })
	if !strings.Contains(message(ds[0]), "lib.Other") || ds[0].Range.Start.Line != 13 {
		t.Fatalf("after config change: %s", describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}))
	}

	// A bad configuration is shown, and the last good one stays.
	writeFiles(t, dir, map[string]string{".golangci.yml": strings.Replace(cfg, "replacement:", "replacment:", 1)})
	if err := c.server.DidChangeWatchedFiles(context.Background(), &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: uri.File(filepath.Join(dir, ".golangci.yml")), Type: protocol.FileChangeTypeChanged}}}); err != nil {
		t.Fatal(err)
	}
	msg := c.waitMessage("bad configuration")
	if !strings.Contains(msg, "replacment") {
		t.Errorf("message does not name the field: %q", msg)
	}
	c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: module["app/app.go"]})
	ds = c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	if len(ds) != 1 || !strings.Contains(message(ds[0]), "lib.Other") {
		t.Fatalf("with a bad config: %s", describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}))
	}
}

func TestConfigSetting(t *testing.T) {
	dir := newModule(t)
	writeFiles(t, dir, map[string]string{
		"factoryscope.yml": "rules:\n  - singleton: example.com/m/lib.Other\n    replacement: example.com/m/lib.CreateOther\n",
	})
	// initializationOptions name a config file (relative to the root).
	c, _ := start(t, dir, Options{}, nil, `{"factoryscope": {"config": "factoryscope.yml"}}`)
	u := c.open(filepath.Join(dir, "app", "app.go"))
	ds := c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	if len(ds) != 1 || !strings.Contains(message(ds[0]), "lib.Other") {
		t.Fatalf("with config setting: %s", describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}))
	}
	// didChangeConfiguration back to discovery (an empty path).
	if err := c.server.DidChangeConfiguration(context.Background(), &protocol.DidChangeConfigurationParams{Settings: protocol.LSPAny(`{"factoryscope": {"config": ""}}`)}); err != nil {
		t.Fatal(err)
	}
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return singletonDiags(ds) == 2 && len(ds) == 2 })
}

func TestBrokenFile(t *testing.T) {
	dir := newModule(t)
	c, _ := start(t, dir, Options{}, nil, "")
	u := c.open(filepath.Join(dir, "app", "app.go"))
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })

	broken := strings.Replace(module["app/app.go"], "\treturn lib.Get()\n}\n\nfunc Serve", "\treturn lib.Get(\n}\n\nfunc Serve", 1)
	c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: broken})
	ds := c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return true })
	if len(ds) != 1 || ds[0].Severity != protocol.DiagnosticSeverityInformation {
		t.Fatalf("broken file: %s", describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}))
	}
	// A type error too.
	typeErr := strings.Replace(module["app/app.go"], "return lib.Get()", "return lib.Missing()", 1)
	c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: typeErr})
	ds = c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return true })
	if len(ds) != 1 || ds[0].Severity != protocol.DiagnosticSeverityInformation || ds[0].Range.Start.Line != 9 || !strings.Contains(message(ds[0]), "Missing") {
		t.Fatalf("type error: %s", describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}))
	}
	// The server is still there and recovers.
	c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: module["app/app.go"]})
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })
}

func TestDirectiveInDependency(t *testing.T) {
	dir := newModule(t)
	writeFiles(t, dir, map[string]string{".golangci.yml": "version: \"2\"\n"})
	lib := filepath.Join(dir, "lib", "lib.go")
	libSrc := strings.Replace(module["lib/lib.go"], "// Get returns the process-wide factory.\n", "// Get returns the process-wide factory.\n//\n//factoryscope:singleton Create\n", 1)
	c, _ := start(t, dir, Options{}, nil, "")
	u := c.open(filepath.Join(dir, "app", "app.go"))
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return true })
	if n := singletonDiags(c.waitDiags(u, func([]protocol.Diagnostic) bool { return true })); n != 0 {
		t.Fatalf("%d diagnostics without config or directive", n)
	}
	// Saving the directive in lib flags app's calls.
	writeFiles(t, dir, map[string]string{"lib/lib.go": libSrc})
	if err := c.server.DidSave(context.Background(), &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: uri.File(lib)}}); err != nil {
		t.Fatal(err)
	}
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return singletonDiags(ds) == 2 })
}

func TestShutdownExit(t *testing.T) {
	for _, shutdown := range []bool{true, false} {
		dir := newModule(t)
		c, _ := start(t, dir, Options{}, nil, "")
		if shutdown {
			if err := c.server.Shutdown(context.Background()); err != nil {
				t.Fatal(err)
			}
		}
		if err := c.server.Exit(context.Background()); err != nil {
			t.Fatal(err)
		}
		err := <-c.done
		if shutdown && err != nil {
			t.Errorf("exit after shutdown: %v", err)
		}
		if !shutdown && !errors.Is(err, ErrNoShutdown) {
			t.Errorf("exit without shutdown: %v, want ErrNoShutdown", err)
		}
	}
}

func TestTestFile(t *testing.T) {
	dir := newModule(t)
	writeFiles(t, dir, map[string]string{"app/app_test.go": `package app

import (
	"testing"

	"example.com/m/lib"
)

func TestHandle(t *testing.T) {
	_ = lib.Get()
}
`})
	c, _ := start(t, dir, Options{}, nil, "")
	u := c.open(filepath.Join(dir, "app", "app.go"))
	tu := c.open(filepath.Join(dir, "app", "app_test.go"))
	ds := c.waitDiags(tu, func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	if len(ds) != 1 || ds[0].Range.Start.Line != 9 {
		t.Fatalf("test file: %s", describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}))
	}
	acts := c.codeActions(tu, ds[0].Range, protocol.CodeActionKindQuickFix)
	if len(acts) != 1 || !strings.Contains(mustJSON(acts[0].Edit.Changes[tu]), "t.Context()") {
		t.Fatalf("test file quickfix: %s", mustJSON(acts))
	}
	// The package's own file keeps its diagnostics.
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })

	// An external test package (loaded through go/packages, as it
	// imports the test variant of app).
	xu := c.openText(filepath.Join(dir, "app", "ext_test.go"), `package app_test

import (
	"context"
	"testing"

	"example.com/m/app"
	"example.com/m/lib"
)

func TestExt(t *testing.T) {
	_ = app.Handle(context.Background())
	_ = lib.Get()
}
`)
	// app.Handle returns lib.Get(): a wrapper, so its call is an indirect
	// use, reported through the facts of app's test variant.
	ds = c.waitDiags(xu, func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	slices.SortFunc(ds, func(a, b protocol.Diagnostic) int { return int(a.Range.Start.Line) - int(b.Range.Start.Line) })
	if len(ds) != 2 || ds[0].Range.Start.Line != 11 || ds[0].Code != protocol.String("indirect") || ds[1].Range.Start.Line != 12 {
		t.Fatalf("external test file: %s", describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}))
	}
}

// Rapid edits: each cancels the analysis of the one before; what remains
// published is the analysis of the last version.
func TestRapidEdits(t *testing.T) {
	dir := newModule(t)
	c, _ := start(t, dir, Options{Debounce: time.Millisecond}, nil, "")
	u := c.open(filepath.Join(dir, "app", "app.go"))
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })
	clean := strings.ReplaceAll(module["app/app.go"], "return lib.Get()", "return nil")
	for i := range 20 {
		text := module["app/app.go"]
		if i%2 == 1 {
			text = clean
		}
		c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: text})
		time.Sleep(time.Duration(i%3) * time.Millisecond)
	}
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 0 })
	time.Sleep(300 * time.Millisecond) // nothing older may arrive after it
	c.mu.Lock()
	last := c.diags[u]
	c.mu.Unlock()
	if v, _ := last.Version.Get(); v != c.version(u) || len(last.Diagnostics) != 0 {
		t.Fatalf("after the last edit: %s", describe(last))
	}
}

// A code action requested right after an edit waits for the analysis of
// the new text instead of answering from the old one, or with nothing.
func TestCodeActionAfterEdit(t *testing.T) {
	dir := newModule(t)
	c, _ := start(t, dir, Options{Debounce: 300 * time.Millisecond}, nil, "")
	u := c.open(filepath.Join(dir, "app", "app.go"))
	ds := c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })
	// Remove the first site; the second moves up a line.
	src := strings.Replace(module["app/app.go"], "func Handle(ctx context.Context) *lib.Factory {\n\treturn lib.Get()\n}\n", "func Handle(ctx context.Context) *lib.Factory { return nil }\n", 1)
	c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: src})
	all := c.codeActions(u, ds[0].Range, fixAllKind)
	if len(all) != 1 || len(all[0].Diagnostics) != 1 || all[0].Diagnostics[0].Range.Start.Line != 12 {
		t.Fatalf("fix-all right after the edit: %s", mustJSON(all))
	}
}

// An edit of one file republishes every open file of its package.
func TestOtherOpenFilesOfPackage(t *testing.T) {
	dir := newModule(t)
	writeFiles(t, dir, map[string]string{"app/more.go": "package app\n\nimport \"example.com/m/lib\"\n\nvar More = lib.Get\n"})
	c, _ := start(t, dir, Options{}, nil, "")
	u := c.open(filepath.Join(dir, "app", "app.go"))
	mu := c.open(filepath.Join(dir, "app", "more.go"))
	c.waitDiags(mu, func(ds []protocol.Diagnostic) bool { return singletonDiags(ds) == 1 })
	c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) == 2 })

	// A type error in app.go: the package is not analysed, more.go's
	// diagnostic goes too.
	c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: strings.Replace(module["app/app.go"], "return lib.Get()", "return lib.Missing()", 1)})
	c.waitDiags(mu, func(ds []protocol.Diagnostic) bool { return len(ds) == 0 })
	c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: module["app/app.go"]})
	c.waitDiags(mu, func(ds []protocol.Diagnostic) bool { return singletonDiags(ds) == 1 })
}

// The root is the first workspace folder; clients that send none (Neovim
// 0.7) are served by the deprecated rootUri and rootPath.
func TestRootOf(t *testing.T) {
	dir := t.TempDir()
	other := filepath.Join(dir, "other")
	u, o := uri.File(dir), uri.File(other)
	folders := func(fs ...protocol.WorkspaceFolder) protocol.WorkspaceFoldersInitializeParams {
		return protocol.WorkspaceFoldersInitializeParams{WorkspaceFolders: protocol.NewNullable(fs)}
	}
	for _, tt := range []struct {
		name string
		p    protocol.InitializeParams
		want string
	}{
		{"workspace folders", protocol.InitializeParams{
			WorkspaceFoldersInitializeParams: folders(protocol.WorkspaceFolder{URI: u, Name: "m"}),
			RootURI:                          &o, //nolint:staticcheck // SA1019: the folders must win over the fallback
		}, dir},
		{"empty folders", protocol.InitializeParams{
			WorkspaceFoldersInitializeParams: folders(),
			RootURI:                          &u, //nolint:staticcheck // SA1019: this test is about the fallback
		}, dir},
		{"rootUri", protocol.InitializeParams{
			RootURI: &u, //nolint:staticcheck // SA1019: this test is about the fallback
		}, dir},
		{"rootPath", protocol.InitializeParams{
			RootPath: protocol.NewNullable(dir), //nolint:staticcheck // SA1019: this test is about the fallback
		}, dir},
		{"none", protocol.InitializeParams{}, ""},
	} {
		if got := rootOf(&tt.p); got != tt.want {
			t.Errorf("%s: root = %q, want %q", tt.name, got, tt.want)
		}
	}
}
