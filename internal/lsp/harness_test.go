package lsp

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"go.lsp.dev/jsonrpc2"
	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// hangGuard bounds every wait for the server: it only turns a server
// that never answers into a failure, so it is far above what an answer
// takes on a loaded machine (computing the standard library's facts on a
// cold cache included). The tests assert no duration.
var hangGuard = flag.Duration("lsp.wait", 5*time.Minute, "how long a test waits for the server before it fails")

// testEnv is the environment of the go command in tests: modules in
// t.TempDir() are on their own.
func testEnv() []string {
	return append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off")
}

// client is an in-process LSP client connected to a server through a
// pipe. Its handlers run in order on the read goroutine, so it sees the
// server's notifications in the order they were sent.
type client struct {
	protocol.UnimplementedClient
	t      testing.TB
	server protocol.Server
	done   chan error // Serve's result

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced on every notification
	diags    map[uri.URI]*protocol.PublishDiagnosticsParams
	history  []*protocol.PublishDiagnosticsParams // every publish, in order
	messages []string
	versions map[uri.URI]int32
}

func (c *client) PublishDiagnostics(_ context.Context, p *protocol.PublishDiagnosticsParams) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	p, err := protocol.Clone(p) // decoded strings alias the message buffer
	if err != nil {
		return err
	}
	c.diags[p.URI] = p
	c.history = append(c.history, p)
	c.notify()
	return nil
}

func (c *client) ShowMessage(_ context.Context, p *protocol.ShowMessageParams) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.messages = append(c.messages, p.Message)
	c.notify()
	return nil
}

func (c *client) RegisterCapability(context.Context, *protocol.RegistrationParams) error { return nil }

func (c *client) notify() {
	close(c.changed)
	c.changed = make(chan struct{})
}

// start runs a server with opts and initializes it with the given
// position encodings offered and initializationOptions.
func start(t testing.TB, root string, opts Options, encodings []protocol.PositionEncodingKind, initOpts string) (*client, *protocol.InitializeResult) {
	t.Helper()
	if opts.Env == nil {
		opts.Env = testEnv()
	}
	sc, cc := net.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	c := &client{t: t, done: make(chan error, 1), changed: make(chan struct{}), diags: map[uri.URI]*protocol.PublishDiagnosticsParams{}, versions: map[uri.URI]int32{}}
	go func() { c.done <- Serve(ctx, sc, opts) }()
	conn := jsonrpc2.NewConn(jsonrpc2.NewStream(cc), jsonrpc2.WithCodec(codec{}))
	conn.Go(ctx, protocol.ClientHandler(c, jsonrpc2.MethodNotFoundHandler))
	c.server = protocol.ServerDispatcher(conn)
	t.Cleanup(func() {
		cancel()
		_ = conn.Close()
	})
	params := &protocol.InitializeParams{
		WorkspaceFoldersInitializeParams: protocol.WorkspaceFoldersInitializeParams{
			WorkspaceFolders: protocol.NewNullable([]protocol.WorkspaceFolder{{URI: uri.File(root), Name: filepath.Base(root)}}),
		},
		Capabilities: protocol.ClientCapabilities{
			General: &protocol.GeneralClientCapabilities{PositionEncodings: encodings},
		},
	}
	if initOpts != "" {
		params.InitializationOptions = protocol.LSPAny(initOpts)
	}
	res, err := c.server.Initialize(ctx, params)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.server.Initialized(ctx, &protocol.InitializedParams{}); err != nil {
		t.Fatal(err)
	}
	return c, res
}

func (c *client) open(path string) uri.URI {
	c.t.Helper()
	text, err := os.ReadFile(path)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.openText(path, string(text))
}

func (c *client) openText(path, text string) uri.URI {
	c.t.Helper()
	u := uri.File(path)
	c.mu.Lock()
	c.versions[u] = 1
	c.mu.Unlock()
	err := c.server.DidOpen(context.Background(), &protocol.DidOpenTextDocumentParams{TextDocument: protocol.TextDocumentItem{
		URI: u, LanguageID: "go", Version: 1, Text: text,
	}})
	if err != nil {
		c.t.Fatal(err)
	}
	return u
}

// change sends changes and returns the new version.
func (c *client) change(u uri.URI, changes ...protocol.TextDocumentContentChangeEvent) int32 {
	c.t.Helper()
	c.mu.Lock()
	c.versions[u]++
	v := c.versions[u]
	c.mu.Unlock()
	err := c.server.DidChange(context.Background(), &protocol.DidChangeTextDocumentParams{
		TextDocument:   protocol.VersionedTextDocumentIdentifier{TextDocumentIdentifier: protocol.TextDocumentIdentifier{URI: u}, Version: v},
		ContentChanges: changes,
	})
	if err != nil {
		c.t.Fatal(err)
	}
	return v
}

func (c *client) version(u uri.URI) int32 {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.versions[u]
}

// waitDiags waits for diagnostics of u at the document's current version
// for which ok holds, and returns them.
func (c *client) waitDiags(u uri.URI, ok func([]protocol.Diagnostic) bool) []protocol.Diagnostic {
	c.t.Helper()
	want := c.version(u)
	deadline := time.After(*hangGuard)
	for {
		c.mu.Lock()
		p, ch := c.diags[u], c.changed
		c.mu.Unlock()
		if p != nil {
			if v, _ := p.Version.Get(); v == want && ok(p.Diagnostics) {
				return p.Diagnostics
			}
		}
		select {
		case <-ch:
		case <-deadline:
			c.t.Fatalf("no matching diagnostics for %s at version %d; last: %s; messages: %q", u, want, describe(p), c.shown())
		}
	}
}

// waitCleared waits for an empty publish for u (any version).
func (c *client) waitCleared(u uri.URI) {
	c.t.Helper()
	deadline := time.After(*hangGuard)
	for {
		c.mu.Lock()
		p, ch := c.diags[u], c.changed
		c.mu.Unlock()
		if p != nil && len(p.Diagnostics) == 0 {
			return
		}
		select {
		case <-ch:
		case <-deadline:
			c.t.Fatalf("diagnostics of %s not cleared; last: %s", u, describe(p))
		}
	}
}

func (c *client) waitMessage(substr string) string {
	c.t.Helper()
	deadline := time.After(*hangGuard)
	for {
		c.mu.Lock()
		ch := c.changed
		for _, m := range c.messages {
			if strings.Contains(m, substr) {
				c.mu.Unlock()
				return m
			}
		}
		c.mu.Unlock()
		select {
		case <-ch:
		case <-deadline:
			c.t.Fatalf("no message containing %q; got %q", substr, c.shown())
		}
	}
}

func (c *client) shown() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.messages)
}

func describe(p *protocol.PublishDiagnosticsParams) string {
	if p == nil {
		return "none"
	}
	v, _ := p.Version.Get()
	var parts []string
	for _, d := range p.Diagnostics {
		parts = append(parts, fmt.Sprintf("%d:%d-%d:%d %s", d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Line, d.Range.End.Character, message(d)))
	}
	return fmt.Sprintf("v%d [%s]", v, strings.Join(parts, "; "))
}

func message(d protocol.Diagnostic) string {
	if s, ok := d.Message.(protocol.String); ok {
		return string(s)
	}
	return fmt.Sprint(d.Message)
}

// codeActions requests the actions for rng, of the given kinds.
func (c *client) codeActions(u uri.URI, rng protocol.Range, only ...protocol.CodeActionKind) []*protocol.CodeAction {
	c.t.Helper()
	res, err := c.server.CodeAction(context.Background(), &protocol.CodeActionParams{
		TextDocument: protocol.TextDocumentIdentifier{URI: u},
		Range:        rng,
		Context:      protocol.CodeActionContext{Diagnostics: []protocol.Diagnostic{}, Only: only},
	})
	if err != nil {
		c.t.Fatal(err)
	}
	var out []*protocol.CodeAction
	for _, a := range res {
		if ca, ok := a.(*protocol.CodeAction); ok {
			out = append(out, ca)
		}
	}
	return out
}

// applyEdits applies LSP text edits (in the given encoding) to text the
// way a client does: all ranges refer to the original text.
func applyEdits(t testing.TB, text string, edits []protocol.TextEdit, enc encoding) string {
	t.Helper()
	m := newMapper([]byte(text))
	type span struct {
		start, end int
		text       string
	}
	var spans []span
	for _, e := range edits {
		s, err1 := m.offset(e.Range.Start, enc)
		en, err2 := m.offset(e.Range.End, enc)
		if err1 != nil || err2 != nil {
			t.Fatalf("bad edit range %v: %v %v", e.Range, err1, err2)
		}
		spans = append(spans, span{s, en, e.NewText})
	}
	slices.SortStableFunc(spans, func(a, b span) int { return a.start - b.start })
	var b strings.Builder
	last := 0
	for _, s := range spans {
		if s.start < last {
			t.Fatalf("overlapping edits: %v", edits)
		}
		b.WriteString(text[last:s.start])
		b.WriteString(s.text)
		last = s.end
	}
	b.WriteString(text[last:])
	return b.String()
}

func writeFiles(t testing.TB, dir string, files map[string]string) {
	t.Helper()
	for name, src := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

func mustJSON(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	return string(b)
}
