package lsp

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
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

// cliRun is the outcome of factoryscope -json ./... in a module.
type cliRun struct {
	dir    string // where it ran
	code   int
	stderr string               // the packages' errors, one a line
	diags  map[string][]cliDiag // by file, in order
	failed map[string]bool      // packages with an analysis that failed
}

// cli is the factoryscope command built from this repository, once per
// test binary (TestMain removes it).
var cli struct {
	once sync.Once
	dir  string
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if cli.dir != "" {
		os.RemoveAll(cli.dir)
	}
	os.Exit(code)
}

// runCLI runs factoryscope -json ./... in dir. A site reported by a
// package and by its test variant counts once.
func runCLI(t *testing.T, dir string) cliRun {
	t.Helper()
	cmd := exec.Command(buildCLI(t), "-json", "./...")
	cmd.Dir, cmd.Env = dir, testEnv()
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("factoryscope -json ./...: %v", err)
	}
	var tree map[string]map[string]json.RawMessage
	if err := json.Unmarshal(out, &tree); err != nil {
		t.Fatalf("factoryscope -json: %v\n%s%s", err, out, stderr.String())
	}
	run := cliRun{dir: dir, code: cmd.ProcessState.ExitCode(), stderr: stderr.String(), diags: map[string][]cliDiag{}, failed: map[string]bool{}}
	// pos splits "file:line:col" (1-based) into a file and an LSP
	// position.
	pos := func(posn string) (string, protocol.Position, bool) {
		i := strings.LastIndexByte(posn, ':')
		j := strings.LastIndexByte(posn[:max(i, 0)], ':')
		if j < 0 {
			return "", protocol.Position{}, false
		}
		l, err1 := strconv.Atoi(posn[j+1 : i])
		c, err2 := strconv.Atoi(posn[i+1:])
		return posn[:j], protocol.Position{Line: uint32(l - 1), Character: uint32(c - 1)}, err1 == nil && err2 == nil
	}
	for pkg, byAnalyzer := range tree {
		for _, raw := range byAnalyzer {
			var failure struct{ Error string }
			if json.Unmarshal(raw, &failure) == nil && failure.Error != "" {
				run.failed[pkg] = true
				continue
			}
			var ds []struct {
				Category, Posn, End, Message string
				SuggestedFixes               []json.RawMessage `json:"suggested_fixes"`
			}
			if err := json.Unmarshal(raw, &ds); err != nil {
				t.Fatalf("factoryscope -json, package %s: %v", pkg, err)
			}
			for _, d := range ds {
				file, start, ok1 := pos(d.Posn)
				_, end, ok2 := pos(d.End)
				if !ok1 || !ok2 {
					continue
				}
				cd := cliDiag{protocol.Range{Start: start, End: end}, d.Message, d.Category, len(d.SuggestedFixes) > 0}
				if !slices.Contains(run.diags[file], cd) {
					run.diags[file] = append(run.diags[file], cd)
				}
			}
		}
	}
	for _, ds := range run.diags {
		slices.SortFunc(ds, func(a, b cliDiag) int { return comparePos(a.rng.Start, b.rng.Start) })
	}
	return run
}

// cliDiagnostics runs factoryscope -json ./... in dir, which must
// succeed, and returns its diagnostics in file, in order.
func cliDiagnostics(t *testing.T, dir, file string) []cliDiag {
	t.Helper()
	run := runCLI(t, dir)
	if run.code != 0 {
		t.Fatalf("factoryscope -json ./...: exit %d\n%s", run.code, run.stderr)
	}
	return run.diags[file]
}

// buildCLI builds the CLI once per test binary and returns the binary's
// path.
func buildCLI(t *testing.T) string {
	t.Helper()
	cli.once.Do(func() {
		if cli.err = repoDirErr; cli.err != nil {
			return
		}
		if cli.dir, cli.err = os.MkdirTemp("", "factoryscope-lsp-test"); cli.err != nil {
			return
		}
		build := exec.Command("go", "build", "-o", filepath.Join(cli.dir, "factoryscope"), "./cmd/factoryscope")
		build.Dir = repoDir
		if out, err := build.CombinedOutput(); err != nil {
			cli.err = fmt.Errorf("go build ./cmd/factoryscope: %w\n%s", err, out)
		}
	})
	if cli.err != nil {
		t.Fatal(cli.err)
	}
	return filepath.Join(cli.dir, "factoryscope")
}

// repoDir is the repository's directory, taken when the tests start from
// their working directory (the package's), which a test may change.
var repoDir, repoDirErr = filepath.Abs(filepath.Join("..", ".."))

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
	module := filepath.Join("..", "..", "testdata", "wrapped")
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
