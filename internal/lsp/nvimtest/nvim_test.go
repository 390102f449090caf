package nvimtest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

const (
	module = "../../../testdata/editor" // copied, never edited in place
	site   = "api/handler.go"           // one singleton site, non-ASCII text before it
	call   = "supervisor.GetAgentInstanceFactory()"
	// stepMax bounds each wait in a Lua script. The first diagnostics
	// wait for the facts of the standard-library dependencies (net/http's
	// for the site's package), analysed from source: seconds on an idle
	// machine, minutes on a 2-core one shared with other builds.
	stepMax = 3 * time.Minute
	testMax = 8 * time.Minute // one test; building the CLI on a cold cache takes 2-3 minutes on 2 cores
)

// result is what testdata/quickfix.lua writes; see there.
type result struct {
	Error          string            `json:"error"`
	Steps          []string          `json:"steps"`
	Messages       []json.RawMessage `json:"messages"`
	OffsetEncoding string            `json:"offset_encoding"`
	Diagnostics    []diagnostic      `json:"diagnostics"`
	Actions        []codeAction      `json:"actions"`
	Applied        string            `json:"applied"`
	Cleared        bool              `json:"cleared"`
	Offered        []string          `json:"offered"`
	ServerExit     *int              `json:"server_exit"`
}

type position struct{ Line, Character int }

type lspRange struct{ Start, End position }

type diagnostic struct {
	Range   lspRange
	Message string
	Source  string
}

type codeAction struct {
	Title       string
	Kind        string
	IsPreferred bool
	Diagnostics []diagnostic
}

// TestNeovimQuickFix is the one-click path in a real editor: Neovim opens a
// handler, factoryscope's diagnostic appears at the right UTF-16 columns,
// its quick-fix rewrites the site (adding the import), the diagnostic
// clears, the written file equals the golden file and builds, and the
// server exits cleanly on shutdown.
func TestNeovimQuickFix(t *testing.T) {
	e := setup(t)
	src := readFile(t, e.file)
	res := e.runNeovim("NONE", "quickfix.lua", map[string]string{
		"FACTORYSCOPE_BIN":        filepath.Join(e.bin, "factoryscope"),
		"FACTORYSCOPE_ROOT":       e.root,
		"FACTORYSCOPE_SERVER_LOG": filepath.Join(e.tmp, "server.log"),
	})

	if len(res.Diagnostics) != 1 {
		t.Fatalf("got %d diagnostics for %s, want 1: %+v", len(res.Diagnostics), site, res.Diagnostics)
	}
	diag := res.Diagnostics[0]
	checkRange(t, src, diag.Range, res.OffsetEncoding)
	if !strings.Contains(diag.Message, "CreateAgentInstanceFactory") {
		t.Errorf("diagnostic message %q does not name the replacement", diag.Message)
	}
	checkQuickFix(t, res.Actions, diag)
	e.checkFixed(res.Applied)
	if !res.Cleared {
		t.Error("the diagnostic was not cleared after the fix")
	}
	if res.ServerExit == nil || *res.ServerExit != 0 {
		t.Errorf("server exit code after shutdown/exit: %v, want 0", deref(res.ServerExit))
	}
}

// TestReadmeNeovimSetup loads the plain-Neovim block of docs/editors.md as init.lua,
// with factoryscope found on PATH as docs/editors.md says, and goes through
// Neovim's own code action menu: the documented setup must work as
// written.
func TestReadmeNeovimSetup(t *testing.T) {
	e := setup(t)
	init := filepath.Join(e.tmp, "init.lua")
	if err := os.WriteFile(init, []byte(readmeBlock(t)), 0o644); err != nil {
		t.Fatal(err)
	}
	res := e.runNeovim(init, "readme.lua", map[string]string{
		"PATH": e.bin + string(os.PathListSeparator) + os.Getenv("PATH"),
	})
	if !slices.ContainsFunc(res.Offered, func(title string) bool { return strings.Contains(title, "CreateAgentInstanceFactory") }) {
		t.Errorf("code action menu %q has no quick-fix naming the replacement", res.Offered)
	}
	e.checkFixed(strings.Join(res.Offered, " | "))
	if !res.Cleared {
		t.Error("the diagnostic was not cleared after the fix")
	}
}

// readmeBlock returns the Lua block that follows the "tested" marker in
// docs/editors.md.
func readmeBlock(t *testing.T) string {
	t.Helper()
	editors := readFile(t, "../../../docs/editors.md")
	_, block, ok1 := strings.Cut(editors, "<!-- tested: internal/lsp/nvimtest -->\n```lua\n")
	block, _, ok2 := strings.Cut(block, "\n```")
	if !ok1 || !ok2 {
		t.Fatal("docs/editors.md: no ```lua block after <!-- tested: internal/lsp/nvimtest -->")
	}
	return block + "\n"
}

// env is one test's copy of the editor module and the built binary.
type env struct {
	t              *testing.T
	ctx            context.Context
	nvim           string
	tmp, bin, root string
	file, golden   string
}

// setup skips without nvim, builds factoryscope into a bin directory and
// copies testdata/editor (and testdata/domain next to it).
func setup(t *testing.T) *env {
	t.Helper()
	nvim, err := exec.LookPath("nvim")
	if err != nil {
		t.Skip("nvim is not on PATH: install Debian's neovim package (.ci/run does) to run the editor end-to-end tests")
	}
	e := &env{t: t, ctx: e2etest.TestContext(t, testMax), nvim: nvim, tmp: t.TempDir()}
	e.bin = filepath.Join(e.tmp, "bin")
	start := time.Now()
	run(e.ctx, t, "", "go", "build", "-o", filepath.Join(e.bin, "factoryscope"), "github.com/factoryscope/factoryscope/cmd/factoryscope")
	built := time.Now()
	e.root = filepath.Join(e.tmp, "editor")
	e2etest.CopyModuleTo(t, module, e.root) // and ../domain, its replace target
	e.file = filepath.Join(e.root, filepath.FromSlash(site))
	e.golden = readFile(t, filepath.Join(module, filepath.FromSlash(site)+".golden"))
	// Builds the module as it is, and warms the build cache with its
	// dependencies' export data: the server's first analysis on a cold
	// cache compiles net/http and friends, which can outlast a step.
	run(e.ctx, t, e.root, "go", "build", "./...")
	t.Logf("built factoryscope in %v, the editor module in %v", built.Sub(start).Round(time.Millisecond), time.Since(built).Round(time.Millisecond))
	return e
}

// checkFixed checks the written file against the golden file and that the
// fixed module builds.
func (e *env) checkFixed(applied string) {
	t := e.t
	t.Helper()
	if got := readFile(t, e.file); got != e.golden {
		t.Errorf("%s after the quick-fix (%s) differs from %s.golden:\n--- got\n%s--- want\n%s",
			site, applied, site, got, e.golden)
	}
	run(e.ctx, t, e.root, "go", "build", "./...")
}

// checkRange checks that r, in the client's position encoding, covers the
// singleton's name inside the call on the site's line: a server that counts
// bytes or runes instead of UTF-16 units lands elsewhere on that line.
func checkRange(t *testing.T, src string, r lspRange, enc string) {
	t.Helper()
	lines := strings.Split(src, "\n")
	want := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, call) })
	if r.Start.Line != want || r.End.Line != want {
		t.Fatalf("diagnostic on lines %d-%d, want line %d (0-based)", r.Start.Line, r.End.Line, want)
	}
	line := lines[want]
	start, err1 := byteOffset(line, r.Start.Character, enc)
	end, err2 := byteOffset(line, r.End.Character, enc)
	if err := errors.Join(err1, err2); err != nil || start >= end {
		t.Fatalf("diagnostic range %+v (%s) does not fit line %q: %v", r, enc, line, err)
	}
	if got := line[start:end]; !strings.Contains(got, "GetAgentInstanceFactory") || !strings.Contains(call, got) {
		t.Errorf("diagnostic range %+v (%s) covers %q, want part of %q naming the singleton", r, enc, got, call)
	}
}

// checkQuickFix checks the code actions offered for diag: exactly one
// preferred quickfix that carries diag.
func checkQuickFix(t *testing.T, actions []codeAction, diag diagnostic) {
	t.Helper()
	var fixes []codeAction
	for _, a := range actions {
		if a.Kind == "quickfix" {
			fixes = append(fixes, a)
		}
	}
	if len(fixes) != 1 {
		t.Fatalf("got %d quickfix actions, want 1: %+v", len(fixes), actions)
	}
	fix := fixes[0]
	if !fix.IsPreferred {
		t.Errorf("quickfix %q is not preferred", fix.Title)
	}
	if !slices.ContainsFunc(fix.Diagnostics, func(d diagnostic) bool { return d.Range == diag.Range && d.Message == diag.Message }) {
		t.Errorf("quickfix %q does not carry its diagnostic: %+v", fix.Title, fix.Diagnostics)
	}
}

// byteOffset converts col, counted in enc's code units ("utf-8", "utf-16"
// or "utf-32"), to a byte offset in line.
func byteOffset(line string, col int, enc string) (int, error) {
	if enc == "utf-8" {
		if col < 0 || col > len(line) || col < len(line) && !utf8.RuneStart(line[col]) {
			return 0, fmt.Errorf("utf-8 column %d is not a character boundary", col)
		}
		return col, nil
	}
	units := 0
	for i, r := range line {
		if units == col {
			return i, nil
		}
		units++
		if enc == "utf-16" && r > 0xFFFF {
			units++ // a surrogate pair
		}
	}
	if units == col {
		return len(line), nil
	}
	return 0, fmt.Errorf("%s column %d is not a character boundary", enc, col)
}

// runNeovim runs testdata/<script> in headless Neovim with init ("NONE"
// for none) and env added to the environment, and returns the result the
// script wrote. On failure the test shows the script's steps, Neovim's
// output and the logs.
func (e *env) runNeovim(init, script string, env map[string]string) *result {
	t := e.t
	t.Helper()
	script, err := filepath.Abs(filepath.Join("testdata", script))
	if err != nil {
		t.Fatal(err)
	}
	harness, err := filepath.Abs(filepath.Join("testdata", "harness.lua"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(e.tmp, "result.json")
	env["FACTORYSCOPE_RESULT"] = out
	env["FACTORYSCOPE_FILE"] = e.file
	env["FACTORYSCOPE_TIMEOUT_MS"] = fmt.Sprint(stepMax.Milliseconds())

	cmd := exec.CommandContext(e.ctx, e.nvim, "--headless", "--clean", "-u", init, "-i", "NONE", "-n",
		"--cmd", "luafile "+harness, "-c", "luafile "+script)
	cmd.Dir = e.tmp
	// Neovim's state, and so lsp.log, stay in the test's directory; the go
	// command the server runs keeps the build cache it had (it derives
	// GOCACHE from XDG_CACHE_HOME).
	cmd.Env = append(os.Environ(), "GOCACHE="+e2etest.GoEnv(e.ctx, t, "GOCACHE"))
	for _, xdg := range []string{"XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"} {
		cmd.Env = append(cmd.Env, xdg+"="+filepath.Join(e.tmp, "xdg", strings.ToLower(xdg)))
	}
	for k, v := range env {
		cmd.Env = append(cmd.Env, k+"="+v)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = 5 * time.Second
	e2etest.OwnGroup(cmd)
	runErr := cmd.Run()
	e2etest.ReapGroup(cmd)

	res := new(result)
	data, readErr := os.ReadFile(out)
	if readErr == nil {
		readErr = json.Unmarshal(data, res)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("Lua steps:\n  %s", strings.Join(res.Steps, "\n  "))
			for _, m := range res.Messages {
				t.Logf("message: %s", m)
			}
			t.Logf("nvim stdout:\n%s\nnvim stderr:\n%s", stdout.Bytes(), stderr.Bytes())
			if log, ok := env["FACTORYSCOPE_SERVER_LOG"]; ok {
				t.Logf("server log (-logfile):\n%s", readLog(log))
			}
			t.Logf("Neovim's LSP log (protocol trace, server stderr), last lines:\n%s", logTail(e.tmp, 60))
		}
	})
	switch {
	case e.ctx.Err() != nil:
		t.Fatalf("nvim did not finish within the test's timeout: %v", e.ctx.Err())
	case readErr != nil:
		t.Fatalf("nvim (%v) wrote no readable result: %v", runErr, readErr)
	case res.Error != "":
		t.Fatalf("in Neovim: %s", res.Error)
	case runErr != nil:
		t.Fatalf("nvim: %v", runErr)
	}
	return res
}

// logTail returns the server's stderr and the last n lines of Neovim's
// lsp.log under tmp.
func logTail(tmp string, n int) string {
	matches, _ := filepath.Glob(filepath.Join(tmp, "xdg", "*", "nvim", "lsp.log"))
	if len(matches) == 0 {
		return "(no lsp.log)"
	}
	data, err := os.ReadFile(matches[0])
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(data), "\n"), "\n")
	var stderr []string
	for _, l := range lines {
		if strings.Contains(l, `"stderr"`) {
			stderr = append(stderr, l)
		}
	}
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return "server stderr:\n" + strings.Join(stderr, "\n") + "\nlast lines:\n" + strings.Join(lines, "\n")
}

func readLog(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	return string(data)
}

func run(ctx context.Context, t *testing.T, dir, name string, args ...string) {
	t.Helper()
	cmd := exec.CommandContext(ctx, name, args...)
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s %s (in %s): %v\n%s", name, strings.Join(args, " "), dir, err, out)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

func deref(p *int) any {
	if p == nil {
		return "none"
	}
	return *p
}
