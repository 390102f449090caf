package lsp

import (
	"errors"
	"flag"
	"fmt"
	"go/parser"
	"go/scanner"
	"go/token"
	"math/rand"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

// The edit storm's random edits come from this seed; a failure logs the
// seed to replay it with go test ./internal/lsp -run TestEditStorm -storm.seed=N.
var stormSeed = flag.Int64("storm.seed", 1, "seed of TestEditStorm's random edits")

// demoModule copies testdata/demo, the module of the README's tour, and
// returns the copy and its api/api.go, a file with three singleton sites.
func demoModule(t *testing.T) (dir, api string) {
	t.Helper()
	dir = e2etest.CopyModule(t, filepath.Join("..", "..", "testdata", "demo"))
	return dir, filepath.Join(dir, "api", "api.go")
}

// logBuffer is a server log that tests read.
type logBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// session is a client editing one file, which remembers the text of each
// version it sent, to check what the server publishes against it.
type session struct {
	*client
	u     uri.URI
	texts map[int32]string
	log   *logBuffer
}

// startSession starts a server on dir (UTF-8 positions, as the CLI's
// columns are bytes), opens file and waits for its first diagnostics.
func startSession(t *testing.T, dir, file string) *session {
	t.Helper()
	log := &logBuffer{}
	c, _ := start(t, dir, Options{Log: log}, []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF8}, "")
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	s := &session{client: c, u: c.openText(file, string(text)), texts: map[int32]string{1: string(text)}, log: log}
	c.waitDiags(s.u, func([]protocol.Diagnostic) bool { return true })
	return s
}

// edit sends changes, each applied to the text the previous one left,
// and remembers the result as the new version's text.
func (s *session) edit(text string, changes ...protocol.TextDocumentContentChangeEvent) {
	s.t.Helper()
	v := s.change(s.u, changes...)
	s.texts[v] = text
}

// replaceAll sends text as the document's whole new content.
func (s *session) replaceAll(text string) {
	s.t.Helper()
	s.edit(text, &protocol.TextDocumentContentChangeWholeDocument{Text: text})
}

// final waits for the diagnostics of the current version, then for
// anything an analysis still running might publish late, and returns
// them.
func (s *session) final() []protocol.Diagnostic {
	s.t.Helper()
	ds := s.waitDiags(s.u, func([]protocol.Diagnostic) bool { return true })
	time.Sleep(300 * time.Millisecond)
	s.mu.Lock()
	last := s.diags[s.u]
	s.mu.Unlock()
	if v, _ := last.Version.Get(); v != s.version(s.u) {
		s.t.Fatalf("after the diagnostics of the last version %d came %s", s.version(s.u), describe(last))
	}
	return ds
}

// checkPublishes checks every publish for the file: each carries the
// version it was computed from, versions never go back, each range lies
// in the text of its version, each site's range covers the singleton it
// names there, and a text that does not parse gets one information
// diagnostic at its first syntax error. It returns the number of
// publishes.
func (s *session) checkPublishes() int {
	s.t.Helper()
	s.mu.Lock()
	history := slices.Clone(s.history)
	s.mu.Unlock()
	n, last := 0, int32(0)
	for _, p := range history {
		if p.URI != s.u {
			continue
		}
		n++
		v, ok := p.Version.Get()
		if !ok {
			s.t.Errorf("publish %d has no version: %s", n, describe(p))
			continue
		}
		if v < last {
			s.t.Errorf("publish %d is for version %d, after one for version %d", n, v, last)
		}
		last = v
		text, ok := s.texts[v]
		if !ok {
			s.t.Errorf("publish %d is for version %d, which the client never sent", n, v)
			continue
		}
		if diff := syntaxError(text, p.Diagnostics); diff != "" {
			s.t.Errorf("publish %d (version %d): %s", n, v, diff)
		}
		for _, d := range p.Diagnostics {
			covered, ok := textIn(text, d.Range)
			if !ok {
				s.t.Errorf("publish %d (version %d): range %s is not in the text of that version", n, v, rangeString(d.Range))
				continue
			}
			// A site's range covers, in the text of its version, the
			// singleton its message names: diagnostics of another text
			// published under this version would not.
			subject, _, _ := strings.Cut(message(d), " ")
			if name := subject[strings.LastIndexByte(subject, '.')+1:]; d.Severity == protocol.DiagnosticSeverityWarning && !strings.Contains(covered, name) {
				s.t.Errorf("publish %d (version %d): %s at %s covers %q in the text of that version", n, v, subject, rangeString(d.Range), covered)
			}
		}
	}
	return n
}

// alive fails the test if the server ended, logged a recovered panic or
// showed an internal error.
func (s *session) alive() {
	s.t.Helper()
	select {
	case err := <-s.done:
		s.t.Fatalf("the server ended: %v", err)
	default:
	}
	if log := s.log.String(); strings.Contains(log, "panic") {
		i := strings.Index(log, "panic")
		s.t.Errorf("the server recovered from a panic:\n%s", log[i:min(len(log), i+2000)])
	}
	for _, m := range s.shown() {
		if strings.Contains(m, "internal error") {
			s.t.Errorf("the server showed %q", m)
		}
	}
}

// syntaxError checks the diagnostics published for text against its
// first syntax error, if it has one: the server publishes one information
// diagnostic there, with the parser's message, and no site. Diagnostics
// of another text published under text's version would not agree. It
// returns how they differ, or "".
func syntaxError(text string, ds []protocol.Diagnostic) string {
	_, err := parser.ParseFile(token.NewFileSet(), "api.go", text, parser.ParseComments|parser.SkipObjectResolution)
	var list scanner.ErrorList
	if !errors.As(err, &list) || len(list) == 0 {
		return ""
	}
	// Compared as offsets: the parser puts the end of a text that ends
	// with a newline at the end of its last line, the server at the
	// start of the next.
	first := list[0]
	if len(ds) != 1 || ds[0].Severity != protocol.DiagnosticSeverityInformation || offset(text, ds[0].Range.Start) != first.Pos.Offset || !strings.Contains(message(ds[0]), first.Msg) {
		return fmt.Sprintf("the text's first syntax error is %d:%d: %s; the server publishes %s", first.Pos.Line, first.Pos.Column, first.Msg, describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}))
	}
	return ""
}

// textIn returns the text that r (UTF-8 columns) covers in text, and
// whether r lies within text at all.
func textIn(text string, r protocol.Range) (string, bool) {
	start, end := offset(text, r.Start), offset(text, r.End)
	if start < 0 || end < start {
		return "", false
	}
	return text[start:end], true
}

// offset returns the byte offset of p (UTF-8 columns) in text, or -1 if p
// lies outside it.
func offset(text string, p protocol.Position) int {
	lines := strings.SplitAfter(text, "\n")
	if int(p.Line) >= len(lines) || int(p.Character) > len(strings.TrimSuffix(lines[p.Line], "\n")) {
		return -1
	}
	off := int(p.Character)
	for _, l := range lines[:p.Line] {
		off += len(l)
	}
	return off
}

// position is the LSP position (UTF-8 columns) of byte offset off.
func position(text string, off int) protocol.Position {
	line := strings.Count(text[:off], "\n")
	return protocol.Position{Line: uint32(line), Character: uint32(off - strings.LastIndexByte(text[:off], '\n') - 1)}
}

// sameAsCLI checks that the server's diagnostics for a file are the
// CLI's: the same sites, in order, with the same ranges, messages and
// codes, as warnings.
func sameAsCLI(t *testing.T, got []protocol.Diagnostic, want []cliDiag) {
	t.Helper()
	if diff := diffCLI(got, want); diff != "" {
		t.Error(diff)
	}
}

// diffCLI describes how the server's diagnostics for a file differ from
// the CLI's, or returns "".
func diffCLI(got []protocol.Diagnostic, want []cliDiag) string {
	got = slices.Clone(got)
	slices.SortFunc(got, func(a, b protocol.Diagnostic) int { return comparePos(a.Range.Start, b.Range.Start) })
	if len(got) != len(want) {
		return fmt.Sprintf("the server publishes %d diagnostics, the CLI reports %d: %s; CLI: %+v", len(got), len(want), describe(&protocol.PublishDiagnosticsParams{Diagnostics: got}), want)
	}
	var b strings.Builder
	for i, g := range got {
		w := want[i]
		code, _ := g.Code.(protocol.String)
		if g.Range != w.rng || message(g) != w.message || string(code) != w.category || g.Severity != protocol.DiagnosticSeverityWarning {
			fmt.Fprintf(&b, "diagnostic %d: the server publishes\n\t%s %s %v: %s\nthe CLI reports\n\t%s %s: %s\n",
				i, rangeString(g.Range), code, g.Severity, message(g), rangeString(w.rng), w.category, w.message)
		}
	}
	return b.String()
}

// snippets are what the storm types: Go's brackets, quotes and comment
// markers (which leave the file unparsable), keywords, a singleton call
// and non-ASCII text.
var snippets = []string{
	"{", "}", "(", ")", "[", "]", `"`, "`", "'", "/*", "*/", "//", "\n", "\t", " ", ";", ",", ".", ":=",
	"func ", "package ", "import ", "return ", "go ", "defer ", "var x = ", "type T struct{}\n",
	"supervisor.GetAgentInstanceFactory()", "supervisor.DefaultToolbox", "userctx.", "r.Context()",
	`"fmt"`, "é", "世界", "🚀", "x", "_ = ",
}

// randomEdit returns a random change of text (an insertion, a deletion or
// a replacement anywhere, on rune boundaries) and the text after it.
func randomEdit(rng *rand.Rand, text, orig string) (protocol.TextDocumentContentChangeEvent, string) {
	boundary := func(off int) int {
		for off > 0 && off < len(text) && !utf8.RuneStart(text[off]) {
			off--
		}
		return off
	}
	start := boundary(rng.Intn(len(text) + 1))
	end := start
	// Deletions keep the text from growing without bound.
	if kind := rng.Intn(3); kind > 0 || len(text) > 2*len(orig) {
		end = boundary(min(len(text), start+1+rng.Intn(40)))
	}
	insert := ""
	if end == start || rng.Intn(2) == 0 {
		if rng.Intn(4) == 0 { // a paste of some of the original
			i := rng.Intn(len(orig))
			insert = strings.ToValidUTF8(orig[i:min(len(orig), i+1+rng.Intn(80))], "")
		} else {
			insert = snippets[rng.Intn(len(snippets))]
		}
	}
	ch := &protocol.TextDocumentContentChangePartial{
		Range: protocol.Range{Start: position(text, start), End: position(text, end)},
		Text:  insert,
	}
	return ch, text[:start] + insert + text[end:]
}

// heapInUse is the heap in use after a collection.
func heapInUse() uint64 {
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestEditStorm sends 500 random edits in quick succession to api.go of
// the demo module (most leave it unparsable, some a few at once; every
// 100 it waits for the diagnostics of the text so far), then a valid text: the server stays up, never publishes diagnostics for a
// version older than one it published, publishes ranges that lie in the
// text of their version, ends with the CLI's diagnostics of the final text,
// and holds no more than twice the heap it held before the storm.
func TestEditStorm(t *testing.T) {
	seed := *stormSeed
	t.Logf("seed %d (replay with -storm.seed=%d)", seed, seed)
	rng := rand.New(rand.NewSource(seed))
	dir, api := demoModule(t)
	s := startSession(t, dir, api)
	orig := s.texts[1]
	before := heapInUse()

	text := orig
	for i := range 500 {
		if i > 0 && i%100 == 0 {
			// The user stops to read: the server publishes for a text
			// the storm left, parsable or not.
			s.waitDiags(s.u, func([]protocol.Diagnostic) bool { return true })
		}
		var changes []protocol.TextDocumentContentChangeEvent
		for range 1 + rng.Intn(3)/2 { // one change, sometimes two
			var ch protocol.TextDocumentContentChangeEvent
			ch, text = randomEdit(rng, text, orig)
			changes = append(changes, ch)
		}
		s.edit(text, changes...)
		// Mostly no pause; now and then one long enough for an analysis
		// to finish and publish in the middle of the storm.
		switch p := rng.Intn(20); {
		case p == 0:
			time.Sleep(time.Duration(10+rng.Intn(40)) * time.Millisecond)
		case p < 4:
			time.Sleep(time.Duration(rng.Intn(3)) * time.Millisecond)
		}
	}
	// The final text: the first site fixed by hand, two left.
	final := strings.Replace(orig, "supervisor.GetAgentInstanceFactory().Agent(", "supervisor.CreateAgentInstanceFactory(userctx.FromContext(r.Context())).Agent(", 1)
	s.replaceAll(final)
	got := s.final()
	s.alive()
	n := s.checkPublishes()
	t.Logf("%d publishes for %d versions", n, len(s.texts))

	if err := os.WriteFile(api, []byte(final), 0o644); err != nil {
		t.Fatal(err)
	}
	want := cliDiagnostics(t, dir, api)
	if len(want) != 2 {
		t.Fatalf("the CLI reports %d sites in the final api.go, want 2: %+v", len(want), want)
	}
	sameAsCLI(t, got, want)

	s.texts = nil // the test's own record of the storm
	after := heapInUse()
	t.Logf("heap in use: %.1f MiB before the storm, %.1f MiB after (%.2fx)", mib(before), mib(after), float64(after)/float64(before))
	if after > 2*before {
		t.Errorf("heap in use grew from %.1f MiB before the storm to %.1f MiB after, more than twice", mib(before), mib(after))
	}
}

func mib(n uint64) float64 { return float64(n) / (1 << 20) }

// TestTypingStream types a new handler into api.go one keystroke every
// 50ms, typos and backspaces included, so that analyses of unparsable
// intermediate texts finish between keystrokes: no publish is for a
// version older than one published before it, and the final diagnostics
// are the CLI's.
func TestTypingStream(t *testing.T) {
	dir, api := demoModule(t)
	s := startSession(t, dir, api)
	text := s.texts[1]
	// Typed at the end of the file; '#' is a typo, erased by the
	// backspace that follows it.
	const typed = "\nfunc (s *Server) warm#All(r *http.Requ#est) {\n\tsupervisor.GetAgentI#nstanceFa#ctory().Warm()\n}\n"
	keys := 0
	for _, r := range typed {
		off := len(text)
		if r == '#' { // a typo, then its backspace
			text += "x"
			s.edit(text, &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: position(text, off), End: position(text, off)}, Text: "x"})
			time.Sleep(50 * time.Millisecond)
			text = text[:off]
			s.edit(text, &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: position(text+"x", off), End: position(text+"x", off+1)}, Text: ""})
			keys += 2
		} else {
			text += string(r)
			s.edit(text, &protocol.TextDocumentContentChangePartial{Range: protocol.Range{Start: position(text, off), End: position(text, off)}, Text: string(r)})
			keys++
		}
		time.Sleep(50 * time.Millisecond)
	}
	if keys != 100 {
		t.Fatalf("typed %d keys, want 100", keys)
	}
	got := s.final()
	s.alive()
	n := s.checkPublishes()
	t.Logf("%d publishes for %d keystrokes", n, keys)

	if err := os.WriteFile(api, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	want := cliDiagnostics(t, dir, api)
	if len(want) != 4 {
		t.Fatalf("the CLI reports %d sites in the typed api.go, want 4: %+v", len(want), want)
	}
	sameAsCLI(t, got, want)
}
