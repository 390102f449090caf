package lsp

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"go.lsp.dev/protocol"
	"go.lsp.dev/uri"
)

// The tests here break a workspace the way a session does (a file
// deleted under an open editor, an import of a module go.mod does not
// require yet, a package that does not type-check), and check that the
// server reports what the CLI reports on the same files, then recovers
// when the workspace is mended.

// openFile is a file open in the editor, and the package the CLI lists it
// under.
type openFile struct {
	path, pkg string
	u         uri.URI
}

// errorLine is a line of the CLI's errors: "file:line:col: message".
var errorLine = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`)

// firstError returns the position (UTF-8 columns) and the first line of
// the message of the first error the CLI printed for file. (The go
// command names files relative to the directory it ran in.)
func (r cliRun) firstError(file string) (protocol.Position, string, bool) {
	for line := range strings.Lines(r.stderr) {
		m := errorLine.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
		if m == nil {
			continue
		}
		if name := m[1]; name != file && filepath.Join(r.dir, name) != file {
			continue
		}
		ln, _ := strconv.Atoi(m[2])
		col, _ := strconv.Atoi(m[3])
		return protocol.Position{Line: uint32(ln - 1), Character: uint32(col - 1)}, m[4], true
	}
	return protocol.Position{}, "", false
}

// diffRun describes how the server's diagnostics for f differ from what
// the CLI reported in run, or returns "". Where the CLI analysed f's
// package, the server publishes the CLI's sites. Where its analysis of
// the package failed, the server publishes no site (the CLI reports
// none) but one information diagnostic that says why, at the CLI's first
// error in f and with its message if the CLI printed one there.
func diffRun(got []protocol.Diagnostic, run cliRun, f openFile) string {
	var warnings, infos []protocol.Diagnostic
	for _, d := range got {
		if d.Severity == protocol.DiagnosticSeverityWarning {
			warnings = append(warnings, d)
		} else {
			infos = append(infos, d)
		}
	}
	diff := diffCLI(warnings, run.diags[f.path])
	switch {
	case !run.failed[f.pkg] && len(infos) > 0:
		diff += fmt.Sprintf("the CLI analysed %s, the server says it did not: %s", f.pkg, describe(&protocol.PublishDiagnosticsParams{Diagnostics: infos}))
	case run.failed[f.pkg] && len(infos) != 1:
		diff += fmt.Sprintf("the CLI could not analyse %s; the server publishes %d information diagnostics, want one that says why: %s", f.pkg, len(infos), describe(&protocol.PublishDiagnosticsParams{Diagnostics: infos}))
	case run.failed[f.pkg]:
		if pos, msg, ok := run.firstError(f.path); ok && (infos[0].Range.Start != pos || !strings.Contains(message(infos[0]), msg)) {
			diff += fmt.Sprintf("the CLI's first error in %s is at %d:%d: %s; the server says %s", f.path, pos.Line+1, pos.Character+1, msg, describe(&protocol.PublishDiagnosticsParams{Diagnostics: infos}))
		}
	}
	return diff
}

// expectCLI runs the CLI on dir and waits until the server's diagnostics
// for each open file, at its current version, are what the CLI reports
// (see diffRun); then waits a little more, in case a late publish undid
// them. It returns the CLI's run.
func expectCLI(t *testing.T, c *client, dir string, files ...openFile) cliRun {
	t.Helper()
	run := runCLI(t, dir)
	for _, f := range files {
		want := c.version(f.u)
		deadline := time.After(*hangGuard)
		for {
			c.mu.Lock()
			p, ch := c.diags[f.u], c.changed
			c.mu.Unlock()
			diff := "nothing published"
			if p != nil {
				diff = diffRun(p.Diagnostics, run, f)
				if v, _ := p.Version.Get(); v != want {
					diff = fmt.Sprintf("last publish for version %d, want %d", v, want)
				}
			}
			if diff == "" {
				break
			}
			select {
			case <-ch:
				continue
			case <-deadline:
			}
			t.Fatalf("%s: %s\nCLI exit %d, stderr:\n%s", f.path, diff, run.code, run.stderr)
		}
	}
	time.Sleep(300 * time.Millisecond)
	for _, f := range files {
		c.mu.Lock()
		p := c.diags[f.u]
		c.mu.Unlock()
		if diff := diffRun(p.Diagnostics, run, f); diff != "" {
			t.Fatalf("%s, after a late publish: %s", f.path, diff)
		}
	}
	return run
}

// openAll opens files of the demo module by path relative to dir, each
// with its package.
func openAll(c *client, dir string, pathPkg ...string) []openFile {
	var files []openFile
	for i := 0; i < len(pathPkg); i += 2 {
		path := filepath.Join(dir, filepath.FromSlash(pathPkg[i]))
		files = append(files, openFile{path: path, pkg: pathPkg[i+1], u: c.open(path)})
	}
	return files
}

// save writes text to f, sends it as f's new content and says it was
// saved, as an editor does.
func save(t *testing.T, c *client, f openFile, text string) {
	t.Helper()
	if err := os.WriteFile(f.path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	c.change(f.u, &protocol.TextDocumentContentChangeWholeDocument{Text: text})
	if err := c.server.DidSave(context.Background(), &protocol.DidSaveTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: f.u}}); err != nil {
		t.Fatal(err)
	}
}

func watched(t *testing.T, c *client, path string, typ protocol.FileChangeType) {
	t.Helper()
	err := c.server.DidChangeWatchedFiles(context.Background(), &protocol.DidChangeWatchedFilesParams{Changes: []protocol.FileEvent{{URI: uri.File(path), Type: typ}}})
	if err != nil {
		t.Fatal(err)
	}
}

func readText(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// demoFiles are the demo module's files the tests keep open: api.go,
// cmd/demo's main.go, which imports api, and audit.go, which does not.
var demoFiles = []string{
	"api/api.go", "example.com/demo/api",
	"cmd/demo/main.go", "example.com/demo/cmd/demo",
	"audit/audit.go", "example.com/demo/audit",
}

// TestPackageDoesNotTypeCheck saves a type error in api: the CLI analyses
// audit but neither api nor cmd/demo, which imports it, and the server
// says the same; once the error is fixed, both report every site again.
func TestPackageDoesNotTypeCheck(t *testing.T) {
	dir, _ := demoModule(t)
	c, _ := start(t, dir, Options{}, []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF8}, "")
	files := openAll(c, dir, demoFiles...)
	api := files[0]
	orig := readText(t, api.path)
	c.waitDiags(api.u, func(ds []protocol.Diagnostic) bool { return len(ds) == 3 })

	broken := strings.Replace(orig, "agent.Name, agent.Owner)", "agent.Name, agent.Missing)", 1)
	save(t, c, api, broken)
	run := expectCLI(t, c, dir, files...)
	if !run.failed[api.pkg] || !run.failed[files[1].pkg] || run.failed[files[2].pkg] || len(run.diags[files[2].path]) == 0 {
		t.Fatalf("the CLI should fail on api and cmd/demo and report audit's site; failed %v, sites %v", run.failed, run.diags)
	}

	save(t, c, api, orig)
	run = expectCLI(t, c, dir, files...)
	if len(run.failed) > 0 || len(run.diags[api.path]) != 3 {
		t.Fatalf("the CLI on the mended module: failed %v, sites %v", run.failed, run.diags)
	}
}

// clockModule is a module next to the demo's, which the demo does not
// require until the test edits its go.mod: its Shared is a singleton by
// directive, which only facts computed from its source carry.
var clockModule = archive("clock.txtar")

// TestGoModAddsModule imports a package of a module that go.mod does not
// require: the CLI cannot analyse the importing package, nor can the
// server. Once go.mod requires the module (replaced by a directory next
// to the workspace: no network), both report the new site.
func TestGoModAddsModule(t *testing.T) {
	dir, _ := demoModule(t)
	writeFiles(t, filepath.Join(filepath.Dir(dir), "clock"), clockModule)
	c, _ := start(t, dir, Options{}, []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF8}, "")
	files := openAll(c, dir, demoFiles[:2]...)
	api := files[0]
	c.waitDiags(api.u, func(ds []protocol.Diagnostic) bool { return len(ds) == 3 })

	src := readText(t, api.path)
	src = strings.Replace(src, "import (\n", "import (\n\t\"example.com/clock\"\n", 1)
	src = strings.Replace(src, "func handleTools(w http.ResponseWriter, r *http.Request) {\n", "func handleTools(w http.ResponseWriter, r *http.Request) {\n\t_ = clock.Shared()\n", 1)
	save(t, c, api, src)
	run := expectCLI(t, c, dir, api)
	if !run.failed[api.pkg] || !strings.Contains(run.stderr, "example.com/clock") {
		t.Fatalf("the CLI should fail on api for want of example.com/clock; failed %v, stderr:\n%s", run.failed, run.stderr)
	}

	gomod := filepath.Join(dir, "go.mod")
	writeFiles(t, dir, map[string]string{"go.mod": readText(t, gomod) + "\nrequire example.com/clock v0.0.0\n\nreplace example.com/clock => ../clock\n"})
	watched(t, c, gomod, protocol.FileChangeTypeChanged)
	run = expectCLI(t, c, dir, files...)
	if len(run.failed) > 0 || len(run.diags[api.path]) != 4 || !slices.ContainsFunc(run.diags[api.path], func(d cliDiag) bool { return strings.HasPrefix(d.message, "clock.Shared") }) {
		t.Fatalf("the CLI with go.mod edited: failed %v, sites %+v", run.failed, run.diags[api.path])
	}
}

// TestFileDeletedAndRecreated deletes api.go on disk while it is open and
// recreates it with other content, as a branch switch does. An editor
// either keeps the buffer (and reloads it when the file comes back) or
// closes it (and the user opens it again); either way the server ends
// with the CLI's diagnostics of the new content, for api.go and for
// cmd/demo's main.go, which imports api.
func TestFileDeletedAndRecreated(t *testing.T) {
	for _, closes := range []bool{false, true} {
		t.Run(map[bool]string{false: "kept", true: "closed"}[closes], func(t *testing.T) {
			dir, _ := demoModule(t)
			c, _ := start(t, dir, Options{}, []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF8}, "")
			files := openAll(c, dir, demoFiles[:4]...)
			api := files[0]
			c.waitDiags(api.u, func(ds []protocol.Diagnostic) bool { return len(ds) == 3 })
			c.waitDiags(files[1].u, func(ds []protocol.Diagnostic) bool { return len(ds) == 1 })
			orig := readText(t, api.path)

			if err := os.Remove(api.path); err != nil {
				t.Fatal(err)
			}
			watched(t, c, api.path, protocol.FileChangeTypeDeleted)
			if closes {
				if err := c.server.DidClose(context.Background(), &protocol.DidCloseTextDocumentParams{TextDocument: protocol.TextDocumentIdentifier{URI: api.u}}); err != nil {
					t.Fatal(err)
				}
				c.waitCleared(api.u)
				// api is left with its external test only: neither the
				// CLI nor the server can analyse cmd/demo.
				run := expectCLI(t, c, dir, files[1])
				if !run.failed[files[1].pkg] {
					t.Fatalf("the CLI analysed cmd/demo without api.go; stderr:\n%s", run.stderr)
				}
			}

			// Back, with handleRun's site fixed by hand.
			recreated := strings.Replace(orig, "supervisor.GetAgentInstanceFactory().Agent(", "supervisor.CreateAgentInstanceFactory(userctx.FromContext(r.Context())).Agent(", 1)
			writeFiles(t, dir, map[string]string{"api/api.go": recreated})
			watched(t, c, api.path, protocol.FileChangeTypeCreated)
			if closes {
				c.openText(api.path, recreated)
			} else {
				c.change(api.u, &protocol.TextDocumentContentChangeWholeDocument{Text: recreated})
			}
			run := expectCLI(t, c, dir, files...)
			if len(run.failed) > 0 || len(run.diags[api.path]) != 2 {
				t.Fatalf("the CLI on the recreated file: failed %v, sites %+v", run.failed, run.diags[api.path])
			}
		})
	}
}
