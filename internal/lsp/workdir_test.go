package lsp

import (
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"go.lsp.dev/protocol"
)

// TestWorkingDirectory: the server started from "/" or from another
// module publishes, for a file of a module whose path has no dot
// ("module app"), the diagnostics of the CLI run in that module, and
// rejects the configuration the CLI rejects there. Which dotless paths a
// configuration may name depends on the module it is validated for, so
// validating for the server's working directory gets both wrong. The
// test changes the working directory, so it does not run in parallel.
func TestWorkingDirectory(t *testing.T) {
	root := t.TempDir()
	mod := filepath.Join(root, "app")
	files := map[string]string{}
	for name, src := range module {
		files[name] = strings.ReplaceAll(src, "example.com/m", "app")
	}
	writeFiles(t, mod, files)
	other := filepath.Join(root, "other")
	writeFiles(t, other, map[string]string{"go.mod": "module other\n\ngo 1.24\n"})
	file := filepath.Join(mod, "app", "app.go")

	want := cliDiagnostics(t, mod, file)
	if len(want) != 2 {
		t.Fatalf("the CLI reports %d sites in app.go, want 2: %+v", len(want), want)
	}
	// A rule naming "lib.Get" (a package path "lib" that module app
	// cannot have) is what the CLI rejects in the module.
	bad := strings.ReplaceAll(files[".golangci.yml"], "singleton: app/lib.Get", "singleton: lib.Get")
	writeFiles(t, mod, map[string]string{"bad/.golangci.yml": bad, "bad/bad.go": "package bad\n"})
	cmd := exec.Command(buildCLI(t), "./...")
	cmd.Dir, cmd.Env = filepath.Join(mod, "bad"), testEnv()
	out, err := cmd.CombinedOutput()
	cliErr, ok := strings.CutPrefix(strings.TrimSpace(string(out)), "factoryscope: ")
	if err == nil || !ok || !strings.Contains(cliErr, `rules[0].singleton: "lib.Get" is not an import path followed by a name`) {
		t.Fatalf("the CLI with the bad configuration: %v\n%s", err, out)
	}

	for _, tt := range []struct{ name, cwd string }{{"root", "/"}, {"other module", other}} {
		t.Run(tt.name, func(t *testing.T) {
			t.Chdir(tt.cwd)
			c, _ := start(t, mod, Options{}, []protocol.PositionEncodingKind{protocol.PositionEncodingKindUTF8}, "")
			ds := c.waitDiags(c.open(file), func([]protocol.Diagnostic) bool { return true })
			var got []cliDiag
			for _, d := range ds {
				code, _ := d.Code.(protocol.String)
				got = append(got, cliDiag{d.Range, message(d), string(code), false})
			}
			slices.SortFunc(got, func(a, b cliDiag) int { return comparePos(a.rng.Start, b.rng.Start) })
			for i := range want {
				want[i].fix = false
			}
			if !slices.Equal(got, want) {
				t.Errorf("the server publishes %+v\nthe CLI reports %+v\nmessages: %q", got, want, c.shown())
			}
			c.open(filepath.Join(mod, "bad", "bad.go"))
			if msg := c.waitMessage("bad configuration"); !strings.Contains(msg, cliErr) {
				t.Errorf("the server shows %q, the CLI %q", msg, cliErr)
			}
		})
	}
}
