package conformance_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// lspIdle bounds the wait for the language server's next diagnostics: it
// analyses one package at a time, and a cold build cache makes the first
// analysis compile the dependencies.
const lspIdle = 5 * time.Minute

// runLSP starts factoryscope lsp in the workspace, opens every file of the
// run's packages, waits for their diagnostics and asks for the quick fix
// of each, as an editor does. The client is written here from the
// protocol (JSON-RPC over stdio, UTF-16 positions, the LSP default), so
// that it shares no code with the server.
func runLSP(t *testing.T, w *workspace) []record {
	t.Helper()
	c := startLSP(t, w)
	defer c.close()

	c.call("initialize", map[string]any{
		"processId":        os.Getpid(),
		"rootUri":          fileURI(w.root),
		"workspaceFolders": []any{map[string]any{"uri": fileURI(w.root), "name": filepath.Base(w.root)}},
		"capabilities": map[string]any{
			"general": map[string]any{"positionEncodings": []string{"utf-16"}},
			"textDocument": map[string]any{
				"publishDiagnostics": map[string]any{},
				"codeAction":         map[string]any{"codeActionLiteralSupport": map[string]any{"codeActionKind": map[string]any{"valueSet": []string{"quickfix"}}}},
			},
		},
	}, nil)
	c.notify("initialized", map[string]any{})

	texts := map[string][]byte{}
	for _, f := range w.files {
		text, err := os.ReadFile(filepath.Join(w.root, f))
		if err != nil {
			t.Fatal(err)
		}
		texts[f] = text
		c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{
			"uri": fileURI(filepath.Join(w.root, f)), "languageId": "go", "version": 1, "text": string(text),
		}})
	}
	published := c.waitPublished(w)

	var out []record
	for _, f := range w.files {
		for _, raw := range published[f] {
			var d lspDiagnostic
			if err := json.Unmarshal(raw, &d); err != nil {
				t.Fatalf("lsp: %s: %v", f, err)
			}
			if d.Severity != 2 { // Warning: a finding; Information: the package did not load
				t.Errorf("lsp: %s: %s (severity %d)", f, d.Message, d.Severity)
				continue
			}
			m := newLineMap(texts[f])
			r := record{Pos: f + ":" + m.pos(d.Range.Start), End: f + ":" + m.pos(d.Range.End), Category: d.Code, Message: d.Message}
			fix, err := c.quickFix(w, f, raw, d, texts)
			if err != nil {
				t.Errorf("lsp: %s: %v", r.Pos, err)
			}
			r.Fix = fix
			out = append(out, r)
		}
	}
	c.shutdown()
	return unique(out)
}

type lspPosition struct {
	Line      int `json:"line"`
	Character int `json:"character"`
}

type lspRange struct {
	Start lspPosition `json:"start"`
	End   lspPosition `json:"end"`
}

type lspDiagnostic struct {
	Range    lspRange `json:"range"`
	Severity int      `json:"severity"`
	Code     string   `json:"code"`
	Source   string   `json:"source"`
	Message  string   `json:"message"`
}

type lspTextEdit struct {
	Range   lspRange `json:"range"`
	NewText string   `json:"newText"`
}

type lspCodeAction struct {
	Title       string          `json:"title"`
	Kind        string          `json:"kind"`
	Diagnostics []lspDiagnostic `json:"diagnostics"`
	Edit        struct {
		Changes map[string][]lspTextEdit `json:"changes"`
	} `json:"edit"`
}

// quickFix asks for the quick fixes at d and renders the one for d, if
// any, as record.Fix.
func (c *lspClient) quickFix(w *workspace, file string, raw json.RawMessage, d lspDiagnostic, texts map[string][]byte) (string, error) {
	var actions []lspCodeAction
	c.call("textDocument/codeAction", map[string]any{
		"textDocument": map[string]any{"uri": fileURI(filepath.Join(w.root, file))},
		"range":        d.Range,
		"context":      map[string]any{"diagnostics": []json.RawMessage{raw}, "only": []string{"quickfix"}},
	}, &actions)
	var fixes []string
	for _, a := range actions {
		if len(a.Diagnostics) != 1 || a.Diagnostics[0].Range != d.Range || a.Diagnostics[0].Message != d.Message {
			continue // the fix of another diagnostic in the range
		}
		var edits []edit
		for u, tes := range a.Edit.Changes {
			path, err := uriPath(u)
			if err != nil {
				return "", err
			}
			rel, err := filepath.Rel(w.root, path)
			if err != nil {
				return "", err
			}
			text, ok := texts[filepath.ToSlash(rel)]
			if !ok {
				return "", fmt.Errorf("fix %q edits %s, which is not open", a.Title, path)
			}
			m := newLineMap(text)
			for _, te := range tes {
				start, err1 := m.offset(te.Range.Start)
				end, err2 := m.offset(te.Range.End)
				if err1 != nil || err2 != nil {
					return "", fmt.Errorf("fix %q: bad range %+v", a.Title, te.Range)
				}
				edits = append(edits, edit{path, start, end, te.NewText})
			}
		}
		s, err := fixed(w.root, a.Title, edits)
		if err != nil {
			return "", err
		}
		fixes = append(fixes, s)
	}
	return strings.Join(fixes, "\n"), nil
}

// lineMap converts LSP positions (UTF-16 code units) in a text to byte
// offsets and to go/token's line:col (bytes from 1).
type lineMap struct {
	text  []byte
	lines []int // offset of each line's start
}

func newLineMap(text []byte) *lineMap {
	m := &lineMap{text: text, lines: []int{0}}
	for i, b := range text {
		if b == '\n' {
			m.lines = append(m.lines, i+1)
		}
	}
	return m
}

func (m *lineMap) offset(p lspPosition) (int, error) {
	if p.Line < 0 || p.Line >= len(m.lines) {
		return 0, fmt.Errorf("line %d out of range", p.Line)
	}
	off, units := m.lines[p.Line], 0
	for units < p.Character {
		if off >= len(m.text) || m.text[off] == '\n' {
			return 0, fmt.Errorf("character %d beyond the end of line %d", p.Character, p.Line)
		}
		r, size := utf8.DecodeRune(m.text[off:])
		off += size
		units++
		if r >= 0x10000 {
			units++
		}
	}
	if units != p.Character {
		return 0, fmt.Errorf("character %d splits a surrogate pair", p.Character)
	}
	return off, nil
}

// pos renders p as go/token does, "line:col"; a position it cannot map
// shows as such, so that it differs from every driver's.
func (m *lineMap) pos(p lspPosition) string {
	off, err := m.offset(p)
	if err != nil {
		return fmt.Sprintf("%+v (%v)", p, err)
	}
	return fmt.Sprintf("%d:%d", p.Line+1, off-m.lines[p.Line]+1)
}

func fileURI(path string) string {
	return (&url.URL{Scheme: "file", Path: filepath.ToSlash(path)}).String()
}

func uriPath(u string) (string, error) {
	parsed, err := url.Parse(u)
	if err != nil || parsed.Scheme != "file" {
		return "", fmt.Errorf("%q is not a file URI", u)
	}
	return filepath.FromSlash(parsed.Path), nil
}

// lspClient is a minimal LSP client of a server process: requests wait
// for their response, the server's requests get an empty result, and
// publishDiagnostics and showMessage notifications are kept.
type lspClient struct {
	t      *testing.T
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	stderr syncBuffer
	done   chan struct{} // closed when the reader stops

	writeMu sync.Mutex
	mu      sync.Mutex
	nextID  int
	pending map[int]chan rpcMessage
	// published holds each file's last diagnostics, by file relative to
	// the root, with the document version they were computed for.
	published map[string]publishParams
	shown     []string
	changed   chan struct{} // closed and replaced on every notification
}

type rpcMessage struct {
	JSONRPC string          `json:"jsonrpc"`
	ID      json.RawMessage `json:"id,omitempty"`
	Method  string          `json:"method,omitempty"`
	Params  json.RawMessage `json:"params,omitempty"`
	Result  json.RawMessage `json:"result,omitempty"`
	Error   *struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"error,omitempty"`
}

type publishParams struct {
	URI         string            `json:"uri"`
	Version     *int              `json:"version"`
	Diagnostics []json.RawMessage `json:"diagnostics"`
}

func startLSP(t *testing.T, w *workspace) *lspClient {
	t.Helper()
	c := &lspClient{t: t, done: make(chan struct{}), pending: map[int]chan rpcMessage{}, published: map[string]publishParams{}, changed: make(chan struct{})}
	c.cmd = exec.Command(cliBin, "lsp")
	c.cmd.Dir, c.cmd.Env = w.root, w.env
	c.cmd.Stderr = &c.stderr
	var err error
	if c.stdin, err = c.cmd.StdinPipe(); err != nil {
		t.Fatal(err)
	}
	stdout, err := c.cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := c.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go c.read(w.root, bufio.NewReader(stdout))
	return c
}

func (c *lspClient) read(root string, r *bufio.Reader) {
	defer close(c.done)
	for {
		length := -1
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			line = strings.TrimRight(line, "\r\n")
			if line == "" {
				break
			}
			if v, ok := strings.CutPrefix(line, "Content-Length: "); ok {
				length, _ = strconv.Atoi(v)
			}
		}
		body := make([]byte, max(length, 0))
		if _, err := io.ReadFull(r, body); err != nil {
			return
		}
		var msg rpcMessage
		if json.Unmarshal(body, &msg) != nil {
			continue
		}
		switch {
		case msg.Method != "" && msg.ID != nil: // a request of the server's
			c.send(map[string]any{"jsonrpc": "2.0", "id": msg.ID, "result": nil})
		case msg.Method == "textDocument/publishDiagnostics":
			var p publishParams
			if json.Unmarshal(msg.Params, &p) == nil {
				if path, err := uriPath(p.URI); err == nil {
					if rel, err := filepath.Rel(root, path); err == nil {
						c.mu.Lock()
						c.published[filepath.ToSlash(rel)] = p
						c.notifyChange()
						c.mu.Unlock()
					}
				}
			}
		case msg.Method == "window/showMessage":
			var p struct{ Message string }
			if json.Unmarshal(msg.Params, &p) == nil {
				c.mu.Lock()
				c.shown = append(c.shown, p.Message)
				c.notifyChange()
				c.mu.Unlock()
			}
		case msg.Method == "":
			var id int
			if json.Unmarshal(msg.ID, &id) == nil {
				c.mu.Lock()
				ch := c.pending[id]
				delete(c.pending, id)
				c.mu.Unlock()
				if ch != nil {
					ch <- msg
				}
			}
		}
	}
}

func (c *lspClient) notifyChange() {
	close(c.changed)
	c.changed = make(chan struct{})
}

func (c *lspClient) send(v any) {
	body, err := json.Marshal(v)
	if err != nil {
		panic(err)
	}
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	// A write error shows as a missing response or publish.
	_, _ = fmt.Fprintf(c.stdin, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

func (c *lspClient) notify(method string, params any) {
	c.send(map[string]any{"jsonrpc": "2.0", "method": method, "params": params})
}

// call sends a request and decodes its result into result.
func (c *lspClient) call(method string, params, result any) {
	c.t.Helper()
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan rpcMessage, 1)
	c.pending[id] = ch
	c.mu.Unlock()
	c.send(map[string]any{"jsonrpc": "2.0", "id": id, "method": method, "params": params})
	select {
	case msg := <-ch:
		if msg.Error != nil {
			c.t.Fatalf("lsp: %s: error %d: %s", method, msg.Error.Code, msg.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(msg.Result, result); err != nil {
				c.t.Fatalf("lsp: %s: %v\n%s", method, err, msg.Result)
			}
		}
	case <-c.done:
		c.t.Fatalf("lsp: the server ended during %s:\n%s", method, c.stderr.String())
	case <-time.After(lspIdle):
		c.t.Fatalf("lsp: no response to %s in %v", method, lspIdle)
	}
}

// waitPublished waits until every open file has diagnostics for its text
// (version 1) and returns them by file. An error the server shows fails
// the test: it means a package was not analysed.
func (c *lspClient) waitPublished(w *workspace) map[string][]json.RawMessage {
	c.t.Helper()
	idle := time.NewTimer(lspIdle)
	defer idle.Stop()
	for {
		c.mu.Lock()
		ch := c.changed
		var missing []string
		for _, f := range w.files {
			if p, ok := c.published[f]; !ok || p.Version == nil || *p.Version != 1 {
				missing = append(missing, f)
			}
		}
		shown := slices.Clone(c.shown)
		out := map[string][]json.RawMessage{}
		for f, p := range c.published {
			out[f] = p.Diagnostics
		}
		c.mu.Unlock()
		if len(shown) > 0 {
			c.t.Fatalf("lsp: the server showed %q", shown)
		}
		if len(missing) == 0 {
			return out
		}
		select {
		case <-ch:
			idle.Reset(lspIdle)
		case <-c.done:
			c.t.Fatalf("lsp: the server ended:\n%s", c.stderr.String())
		case <-idle.C:
			c.t.Fatalf("lsp: no diagnostics for %q, nothing published for %v:\n%s", missing, lspIdle, c.stderr.String())
		}
	}
}

// shutdown ends the session as an editor does.
func (c *lspClient) shutdown() {
	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
}

// close waits for the server to exit, and kills it if it does not.
func (c *lspClient) close() {
	_ = c.stdin.Close()
	select { // the reader stops when the server closes its output
	case <-c.done:
	case <-time.After(10 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.done
	}
	_ = c.cmd.Wait()
	if c.cmd.ProcessState != nil {
		c.t.Logf("lsp: %v of CPU", cpu(c.cmd.ProcessState))
	}
}

// syncBuffer is a bytes.Buffer that a process can write while the test
// reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
