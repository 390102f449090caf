package emacstest_test

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

const (
	module  = "../../../testdata/editor" // copied, never edited in place
	site    = "api/handler.go"           // one singleton site, non-ASCII text before it
	call    = "supervisor.GetAgentInstanceFactory()"
	fixAll  = "Fix all factoryscope findings in this file"
	stepMax = 60 * time.Second // each step of driver.el
	testMax = 8 * time.Minute  // one test
)

var (
	root = filepath.Join("..", "..", "..") // the repository
	bin  string                            // the factoryscope binary TestMain builds
)

func TestMain(m *testing.M) {
	e2etest.MainWithCLI(m, root, &bin)
}

// result is what testdata/driver.el writes; see there.
type result struct {
	Error       string       `json:"error"`
	Steps       []string     `json:"steps"`
	Messages    string       `json:"messages"`
	Logs        string       `json:"logs"`
	State       string       `json:"state"`
	RootPrompt  string       `json:"root_prompt"`
	Diagnostics []diagnostic `json:"diagnostics"`
	Point       struct {
		Line, Column int
	} `json:"point"`
	Prompt  string   `json:"prompt"`
	Offered []string `json:"offered"`
	Cleared bool     `json:"cleared"`
}

// diagnostic is one of flymake's: lines from 1, columns in characters
// (code points) from 0, as Emacs counts them.
type diagnostic struct {
	Line      int    `json:"line"`
	Column    int    `json:"column"`
	EndLine   int    `json:"end_line"`
	EndColumn int    `json:"end_column"`
	Text      string `json:"text"`
	Message   string `json:"message"`
}

// TestEglot: the Eglot block of docs/editors.md, Eglot's M-x eglot-code-actions,
// and RET on the menu's default, which is the preferred quick-fix.
func TestEglot(t *testing.T) {
	e := setup(t, "eglot")
	res := e.run()
	e.check(res)
	if !strings.Contains(res.Prompt, "(default Call supervisor.CreateAgentInstanceFactory(") {
		t.Errorf("the code action menu's default is not the quick-fix: prompt %q", res.Prompt)
	}
}

// TestLspMode: the lsp-mode block of docs/editors.md (factoryscope as an add-on
// server), lsp-mode's M-x lsp-execute-code-action, and the quick-fix
// picked by name in its menu.
func TestLspMode(t *testing.T) {
	e := setup(t, "lsp-mode")
	res := e.run()
	if !strings.Contains(res.RootPrompt, "Import project root "+e.root) {
		t.Errorf("lsp-mode's project question does not offer the module root %s:\n%s", e.root, res.RootPrompt)
	}
	e.check(res)
}

// env is one test's copy of the editor module and Emacs home.
type env struct {
	t      *testing.T
	ctx    context.Context
	client string
	emacs  string
	script string
	tmp    string
	root   string // the module copy
	file   string // the site's file in it
}

// setup skips without emacs, script or the client's package, copies
// testdata/editor into a git work tree (a project to both clients) and
// builds it, which also warms the build cache for the server's first
// analysis, and writes the block of docs/editors.md for client as init.el of a
// fresh home.
func setup(t *testing.T, client string) *env {
	t.Helper()
	emacs, err := exec.LookPath("emacs")
	if err != nil {
		t.Skip("emacs is not on PATH: install Debian's emacs-nox, elpa-eglot, elpa-lsp-mode and elpa-go-mode (.ci/run does)")
	}
	script, err := exec.LookPath("script")
	if err != nil {
		t.Skip("script (util-linux) is not on PATH: it gives Emacs its terminal")
	}
	e := &env{t: t, ctx: e2etest.TestContext(t, testMax), client: client, emacs: emacs, script: script, tmp: t.TempDir()}
	for _, lib := range []string{client, "go-mode"} {
		if !e.hasLibrary(lib) {
			t.Skipf("Emacs has no %s package: install Debian's elpa-%s (.ci/run does)", lib, lib)
		}
	}
	e.root = filepath.Join(e.tmp, "editor")
	e2etest.CopyModuleTo(t, module, e.root) // and ../domain, its replace target
	e.file = filepath.Join(e.root, filepath.FromSlash(site))
	e2etest.Must(t, e.root, "git", "init", "-q")
	start := time.Now()
	e2etest.Must(t, e.root, "go", "build", "./...")
	t.Logf("built the editor module in %v", time.Since(start).Round(time.Millisecond))

	dotEmacs := filepath.Join(e.tmp, "home", ".emacs.d")
	if err := os.MkdirAll(dotEmacs, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dotEmacs, "init.el"), []byte(readmeBlock(t, client)), 0o644); err != nil {
		t.Fatal(err)
	}
	return e
}

// hasLibrary reports whether Emacs, with its installed packages
// activated as at an interactive start, finds lib.
func (e *env) hasLibrary(lib string) bool {
	cmd := exec.CommandContext(e.ctx, e.emacs, "--batch", "--eval",
		`(progn (package-activate-all) (princ (if (locate-library "`+lib+`") "yes" "no")))`)
	out, err := cmd.Output()
	return err == nil && strings.HasSuffix(string(out), "yes")
}

// readmeBlock returns the elisp block that follows docs/editors.md's
// "tested: internal/lsp/emacstest client" marker.
func readmeBlock(t *testing.T, client string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(root, "docs", "editors.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok1 := strings.Cut(string(data), "<!-- tested: internal/lsp/emacstest "+client+" -->\n```elisp\n")
	block, _, ok2 := strings.Cut(block, "\n```")
	if !ok1 || !ok2 {
		t.Fatalf("docs/editors.md: no ```elisp block after <!-- tested: internal/lsp/emacstest %s -->", client)
	}
	return block + "\n"
}

// run starts Emacs on the site's file with driver.el, as a user whose
// init.el is the block of docs/editors.md, and returns what the driver recorded.
func (e *env) run() *result {
	t := e.t
	t.Helper()
	driver, err := filepath.Abs(filepath.Join("testdata", "driver.el"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(e.tmp, "result.json")
	// script runs the command through $SHELL -c, so quote both paths.
	command := "exec " + shellQuote(e.emacs) + " -nw -l " + shellQuote(driver) + " " + shellQuote(e.file)
	cmd := exec.CommandContext(e.ctx, e.script, "-qefc", command, "/dev/null")
	cmd.Dir = e.root
	// HOME is the fresh one; the go command the server runs keeps the
	// caller's caches and settings, which it derives from HOME otherwise.
	cmd.Env = append(os.Environ(),
		"HOME="+filepath.Join(e.tmp, "home"),
		"PATH="+filepath.Dir(bin)+string(os.PathListSeparator)+os.Getenv("PATH"),
		"SHELL=/bin/sh", "TERM=xterm", "LINES=40", "COLUMNS=150",
		"FACTORYSCOPE_CLIENT="+e.client,
		"FACTORYSCOPE_FILE="+e.file,
		"FACTORYSCOPE_RESULT="+out,
		"FACTORYSCOPE_TIMEOUT="+strconv.Itoa(int(stepMax.Seconds())),
	)
	for _, v := range []string{"GOCACHE", "GOPATH", "GOMODCACHE", "GOENV"} {
		cmd.Env = append(cmd.Env, v+"="+e2etest.GoEnv(e.ctx, t, v))
	}
	// script gives up when its input ends: hold it open, type nothing.
	stdin, hold, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer stdin.Close()
	defer hold.Close()
	var tty bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = stdin, &tty, &tty
	cmd.WaitDelay = 5 * time.Second
	e2etest.OwnGroup(cmd)
	start := time.Now()
	runErr := cmd.Run()
	e2etest.ReapGroup(cmd)
	t.Logf("Emacs with %s ran %v", e.client, time.Since(start).Round(time.Millisecond))

	res := new(result)
	data, readErr := os.ReadFile(out)
	if readErr == nil {
		readErr = json.Unmarshal(data, res)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("driver steps:\n  %s", strings.Join(res.Steps, "\n  "))
			t.Logf("*Messages*:\n%s", res.Messages)
			if res.State != "" {
				t.Logf("buffer: %s", res.State)
			}
			if res.Logs != "" {
				t.Logf("client and server logs:\n%s", res.Logs)
			}
		}
	})
	switch {
	case e.ctx.Err() != nil:
		t.Fatalf("Emacs did not finish within the test's timeout: %v", e.ctx.Err())
	case readErr != nil:
		t.Fatalf("Emacs (%v) wrote no readable result: %v\nterminal output:\n%q", runErr, readErr, tty.Bytes())
	case res.Error != "":
		t.Fatalf("in Emacs with %s: %s", e.client, res.Error)
	case runErr != nil:
		t.Fatalf("script/emacs: %v", runErr)
	}
	return res
}

// check checks what both clients must show: one diagnostic covering the
// singleton's name on its line, in Emacs's character columns (a client
// and server that disagree on the column unit land one character off
// after the line's 🚀), point moved there by flymake, the quick-fix and
// the fix-all in the menu, the diagnostic cleared after the fix, and the
// saved file equal to the golden file and building.
func (e *env) check(res *result) {
	t := e.t
	t.Helper()
	src, err := os.ReadFile(filepath.Join(module, filepath.FromSlash(site)))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(src), "\n")
	idx := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, call) })
	before, _, _ := strings.Cut(lines[idx], call)
	wantCol := len([]rune(before))

	if len(res.Diagnostics) != 1 {
		t.Fatalf("got %d diagnostics, want 1: %+v", len(res.Diagnostics), res.Diagnostics)
	}
	d := res.Diagnostics[0]
	if d.Line != idx+1 || d.EndLine != idx+1 || d.Column != wantCol ||
		!strings.HasPrefix(call, d.Text) || !strings.Contains(d.Text, "GetAgentInstanceFactory") {
		t.Errorf("diagnostic at %d:%d-%d:%d covers %q, want line %d from column %d (characters) covering the start of %q",
			d.Line, d.Column, d.EndLine, d.EndColumn, d.Text, idx+1, wantCol, call)
	}
	if !strings.Contains(d.Message, "CreateAgentInstanceFactory") {
		t.Errorf("diagnostic message %q does not name the replacement", d.Message)
	}
	if res.Point.Line != d.Line || res.Point.Column != d.Column {
		t.Errorf("flymake-goto-next-error left point at %d:%d, want the diagnostic's start %d:%d", res.Point.Line, res.Point.Column, d.Line, d.Column)
	}
	quickFix := slices.ContainsFunc(res.Offered, func(s string) bool {
		return strings.HasPrefix(s, "Call supervisor.CreateAgentInstanceFactory(")
	})
	if !quickFix || !slices.Contains(res.Offered, fixAll) {
		t.Errorf("code action menu %q lacks the quick-fix or %q", res.Offered, fixAll)
	}
	if !res.Cleared {
		t.Error("the diagnostic was not cleared after the fix")
	}
	golden, err := os.ReadFile(filepath.Join(module, filepath.FromSlash(site)+".golden"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile(e.file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, golden) {
		t.Errorf("%s after the quick-fix differs from %s.golden:\n--- got\n%s--- want\n%s", site, site, got, golden)
	}
	e2etest.Must(t, e.root, "go", "build", "./...")
}

// shellQuote quotes s for sh.
func shellQuote(s string) string {
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
