package main_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

const (
	emptyConfig = "rules: []\n"
	demoRule    = "rules:\n  - singleton: example.com/domain/agents/supervisor.GetAgentInstanceFactory\n    replacement: example.com/domain/agents/supervisor.CreateAgentInstanceFactory\n"
)

func writeFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestConfigSources checks where the configuration comes from: -config in
// all its spellings wins over .golangci.yml, which is found from the
// working directory upward; with neither, only the source directive acts.
func TestConfigSources(t *testing.T) {
	t.Parallel()
	dir := demo(t)
	empty := writeFile(t, filepath.Join(t.TempDir(), "empty.yml"), emptyConfig)
	// Both -config spellings override .golangci.yml, whose rule would flag
	// audit.go:14. (TestScan covers every spelling.)
	for _, args := range [][]string{
		{"-c", "0", "-config", empty, "./audit"},
		{"--config=" + empty, "./audit", "./services/..."},
	} {
		equal(t, strings.Join(args, " "), findings(t, dir, args...), nil)
	}
	// A JSON config, from a subdirectory.
	jsonCfg := writeFile(t, filepath.Join(t.TempDir(), "cfg.json"),
		`{"rules":[{"singleton":"example.com/domain/agents/supervisor.GetAgentInstanceFactory","replacement":"example.com/domain/agents/supervisor.CreateAgentInstanceFactory"}]}`)
	equal(t, "-config cfg.json from audit/", findings(t, filepath.Join(dir, "audit"), "-config", jsonCfg, "."), []string{"audit.go:14"})

	// Discovery walks up from the working directory.
	equal(t, "discovered from api/", findings(t, filepath.Join(dir, "api"), "."), []string{"api.go:37", "api.go:51", "api.go:62"})
	// A nearer .golangci.yaml without our block wins and configures
	// nothing: only the source directive applies.
	writeFile(t, filepath.Join(dir, "api", ".golangci.yaml"), "version: \"2\"\nlinters:\n  default: none\n")
	equal(t, "nearer file without block", findings(t, filepath.Join(dir, "api"), "."), []string{"api.go:62"})
}

// TestExitCodes checks the documented exit codes and that configuration
// errors are one line naming the field.
func TestExitCodes(t *testing.T) {
	t.Parallel()
	dir := demo(t)
	tmp := t.TempDir()
	badRepl := writeFile(t, filepath.Join(tmp, "bad.yml"), "rules:\n  - singleton: example.com/domain/agents/supervisor.GetAgentInstanceFactory\n    replacement: x\n")
	unknown := writeFile(t, filepath.Join(tmp, "unknown.yml"), demoRule+"    severity: high\n")
	badGolangci := filepath.Join(tmp, "badgolangci")
	if err := os.MkdirAll(badGolangci, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(badGolangci, ".golangci.yml"),
		"version: \"2\"\nlinters:\n  settings:\n    custom:\n      factoryscope:\n        settings:\n          constructors: [FromContext]\n")
	writeFile(t, filepath.Join(badGolangci, "go.mod"), "module example.com/bad\n\ngo 1.26\n")
	writeFile(t, filepath.Join(badGolangci, "bad.go"), "package bad\n")

	bare := filepath.Join(tmp, "bare")
	if err := os.MkdirAll(bare, 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(bare, "go.mod"), "module example.com/bare\n\ngo 1.26\n")
	writeFile(t, filepath.Join(bare, "bare.go"), "package bare\n")

	for _, tt := range []struct {
		name   string
		dir    string
		args   []string
		code   int
		stderr string // the whole of stderr when set; for codes 0 and 3 see below
	}{
		// Exit 3 with findings and 0 without them, also with -json: TestFix.
		{"no such package", dir, []string{"./nosuchdir"}, 1, ""},
		{"bad replacement in -config", dir, []string{"-config", badRepl, "./..."}, 2,
			"factoryscope: " + badRepl + `: rules[0].replacement: "x" is not an import path followed by a name` + "\n"},
		{"unknown field in -config", dir, []string{"-config=" + unknown, "./..."}, 2,
			"factoryscope: " + unknown + ": rules[0].severity: unknown field (known: singleton, replacement, message)\n"},
		{"missing -config file", dir, []string{"-config", filepath.Join(tmp, "absent.yml"), "./..."}, 2,
			"factoryscope: open " + filepath.Join(tmp, "absent.yml") + ": no such file or directory\n"},
		{"-config without value", dir, []string{"-config"}, 2, "factoryscope: flag needs an argument: -config\n"},
		{"bad block in .golangci.yml", badGolangci, []string{"./..."}, 2,
			"factoryscope: " + filepath.Join(badGolangci, ".golangci.yml") +
				`: linters.settings.custom.factoryscope.settings.constructors[0]: "FromContext" is not an import path followed by a name` + "\n"},
		{"no packages", dir, []string{"-fix"}, 2, "factoryscope: no packages given (see factoryscope -help)\n"},
		{"unknown flag", dir, []string{"-nosuchflag", "./..."}, 2, ""},
		{"no configuration", bare, []string{"./..."}, 0,
			"factoryscope: no rules configured (-config, or the factoryscope block of a .golangci.yml from here up): only //factoryscope:singleton directives apply\n"},
		{"help", dir, []string{"-help"}, 0, ""},
		{"help ignores a bad config", badGolangci, []string{"help"}, 0, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := e2etest.Run(t, tt.dir, bin, tt.args...)
			if r.Code != tt.code {
				t.Errorf("exit %d, want %d\n%s", r.Code, tt.code, r.Stderr)
			}
			if tt.stderr != "" && r.Stderr != tt.stderr {
				t.Errorf("stderr:\n got  %q\n want %q", r.Stderr, tt.stderr)
			}
		})
	}
}

// TestUsage checks that -help documents the configuration and exit codes.
func TestUsage(t *testing.T) {
	t.Parallel()
	r := e2etest.Run(t, t.TempDir(), bin, "-help")
	for _, want := range []string{"-config file", "-fix", "-diff", "-json", "linters.settings.custom.factoryscope.settings", "3 findings reported"} {
		if !strings.Contains(r.Stderr, want) {
			t.Errorf("-help output lacks %q:\n%s", want, r.Stderr)
		}
	}
}
