package lsp

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// cliDiag is a diagnostic of factoryscope -json, with 0-based byte
// positions as an LSP client that negotiated UTF-8 sees them.
type cliDiag struct {
	rng      protocol.Range
	message  string
	category string
	fix      bool
}

// cliDiagnostics builds the CLI, runs factoryscope -json ./... in dir and
// returns its diagnostics in file, in order; a site reported by a package
// and by its test variant counts once.
func cliDiagnostics(t *testing.T, dir, file string) []cliDiag {
	t.Helper()
	cmd := exec.Command(buildCLI(t), "-json", "./...")
	cmd.Dir, cmd.Env = dir, testEnv()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("factoryscope -json ./...: %v\n%s", err, out)
	}
	var tree map[string]map[string][]struct {
		Category, Posn, End, Message string
		SuggestedFixes               []json.RawMessage `json:"suggested_fixes"`
	}
	if err := json.Unmarshal(out, &tree); err != nil {
		t.Fatalf("factoryscope -json: %v\n%s", err, out)
	}
	// pos turns "file:line:col" (1-based) into an LSP position in file.
	pos := func(posn string) (protocol.Position, bool) {
		rest, ok := strings.CutPrefix(posn, file+":")
		line, col, _ := strings.Cut(rest, ":")
		l, err1 := strconv.Atoi(line)
		c, err2 := strconv.Atoi(col)
		return protocol.Position{Line: uint32(l - 1), Character: uint32(c - 1)}, ok && err1 == nil && err2 == nil
	}
	var diags []cliDiag
	for _, byAnalyzer := range tree {
		for _, ds := range byAnalyzer {
			for _, d := range ds {
				start, ok1 := pos(d.Posn)
				end, ok2 := pos(d.End)
				if !ok1 || !ok2 {
					continue
				}
				cd := cliDiag{protocol.Range{Start: start, End: end}, d.Message, d.Category, len(d.SuggestedFixes) > 0}
				if !slices.Contains(diags, cd) {
					diags = append(diags, cd)
				}
			}
		}
	}
	slices.SortFunc(diags, func(a, b cliDiag) int { return comparePos(a.rng.Start, b.rng.Start) })
	return diags
}

// buildCLI builds the CLI and returns the binary's path.
func buildCLI(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "factoryscope")
	build := exec.Command("go", "build", "-o", bin, "./cmd/factoryscope")
	if repoDirErr != nil {
		t.Fatal(repoDirErr)
	}
	build.Dir = repoDir
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/factoryscope: %v\n%s", err, out)
	}
	return bin
}

// repoDir is the repository's directory, taken when the tests start from
// their working directory (the package's), which a test may change.
var repoDir, repoDirErr = filepath.Abs("..")

// actions requests the code actions for rng, of the given kinds, and
// copies them: the strings the client decodes alias its read buffer,
// which the next message overwrites.
func (c *client) actions(u uri.URI, rng protocol.Range, only ...protocol.CodeActionKind) []*protocol.CodeAction {
	c.t.Helper()
	acts, err := protocol.Clone(c.codeActions(u, rng, only...))
	if err != nil {
		c.t.Fatal(err)
	}
	return acts
}

func comparePos(a, b protocol.Position) int {
	if a.Line != b.Line {
		return int(a.Line) - int(b.Line)
	}
	return int(a.Character) - int(b.Character)
}

func rangeString(r protocol.Range) string {
	return fmt.Sprintf("%d:%d-%d:%d", r.Start.Line+1, r.Start.Character+1, r.End.Line+1, r.End.Character+1)
}

// TestWrapped: on a handlers file of testdata/wrapped, which reaches the
// singleton only through wrappers two packages away (api.Agents ->
// deps.Agents -> deps.current), a holder variable's accessor and a
// container method, the server publishes the CLI's diagnostics (same
// ranges, messages, code indirect), offers one quickfix for each, and the
// fixes give the CLI's golden, whether applied all at once (fix-all) or
// one quickfix at a time, as an editor does. The chain reaches the file
// through the facts the server computes for api and deps from source.
func TestWrapped(t *testing.T) {
	module := filepath.Join("..", "testdata", "wrapped")
	golden, err := os.ReadFile(filepath.Join(module, "handlers", "handlers.go.golden"))
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "wrapped")
	if err := os.CopyFS(dir, os.DirFS(module)); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "handlers", "handlers.go")
	text, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	want := cliDiagnostics(t, dir, file)
	if len(want) != 6 {
		t.Fatalf("the CLI reports %d sites in handlers.go, want 6: %+v", len(want), want)
	}

	c, _ := start(t, dir, Options{}, []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF8}, "")
	u := c.open(file)
	ds := c.waitDiags(u, func(ds []protocol.Diagnostic) bool { return len(ds) > 0 })
	got := slices.Clone(ds)
	slices.SortFunc(got, func(a, b protocol.Diagnostic) int { return comparePos(a.Range.Start, b.Range.Start) })
	if len(got) != len(want) {
		t.Errorf("the server publishes %d diagnostics, the CLI reports %d: %s", len(got), len(want), describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}))
	}
	for i := range min(len(got), len(want)) {
		g, w := got[i], want[i]
		code, _ := g.Code.(protocol.String)
		if g.Range != w.rng || message(g) != w.message || string(code) != w.category || g.Severity != protocol.DiagnosticSeverityWarning {
			t.Errorf("diagnostic %d: the server publishes\n\t%s %s %v: %s\nthe CLI reports\n\t%s %s: %s",
				i, rangeString(g.Range), code, g.Severity, message(g), rangeString(w.rng), w.category, w.message)
		}
		if !w.fix {
			continue
		}
		var quick []*protocol.CodeAction
		for _, a := range c.actions(u, protocol.Range{Start: g.Range.Start, End: g.Range.Start}, protocol.CodeActionKindQuickFix) {
			if a.IsPreferred != nil && *a.IsPreferred && len(a.Diagnostics) == 1 && a.Diagnostics[0].Range == g.Range {
				quick = append(quick, a)
			}
		}
		if len(quick) != 1 {
			t.Errorf("diagnostic %d at %s: %d preferred quickfixes carrying it, want 1", i, rangeString(g.Range), len(quick))
		}
	}

	// Fix-all: every fix at once, the shared factory declared once per
	// handler and each import edit taken once.
	all := c.actions(u, protocol.Range{}, fixAllKind)
	if len(all) != 1 {
		t.Fatalf("got %d fix-all actions, want 1: %s", len(all), mustJSON(all))
	}
	if fixed := applyEdits(t, string(text), all[0].Edit.Changes[u], utf8Enc); fixed != string(golden) {
		t.Errorf("fix-all gives\n%s\nwant the golden\n%s", fixed, golden)
	}

	// One quickfix at a time: apply the first fixable site's, let the
	// server analyse the result, and go on until no fix is left. A fix of
	// a site in a shared group makes the whole group's change, so it takes
	// three: Whoami's site, Install's two, Batch's three.
	cur := string(text)
	var titles []string
	for {
		var fix *protocol.CodeAction
		for _, d := range ds {
			if acts := c.actions(u, d.Range, protocol.CodeActionKindQuickFix); len(acts) > 0 {
				fix = acts[0]
				break
			}
		}
		if fix == nil {
			break
		}
		if len(titles) == len(want) {
			t.Fatalf("still a quickfix after %d, one per site (%q):\n%s", len(titles), titles, cur)
		}
		titles = append(titles, fix.Title)
		cur = applyEdits(t, cur, fix.Edit.Changes[u], utf8Enc)
		c.change(u, &protocol.TextDocumentContentChangeWholeDocument{Text: cur})
		ds = c.waitDiags(u, func([]protocol.Diagnostic) bool { return true })
	}
	if cur != string(golden) || len(titles) != 3 {
		t.Errorf("%d quickfixes one at a time (%q), want 3, give\n%s\nwant the golden\n%s", len(titles), titles, cur, golden)
	}
	if len(ds) != 0 {
		t.Errorf("after the quickfixes: %s", describe(&protocol.PublishDiagnosticsParams{Diagnostics: ds}))
	}
}
