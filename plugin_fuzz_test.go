package factoryscope_test

import (
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/mod/modfile"
	"sigs.k8s.io/yaml"

	"github.com/factoryscope/factoryscope/analyzer"
)

// FuzzSettings checks a settings block of .golangci.yml under both drivers
// that read it: the plugin, handed the decoded block by golangci-lint, and
// the CLI's discovery, which reads the file. Neither panics; each rejection
// is one line naming a field under the block's path; and for a block that
// is plain YAML (no repeated keys, which golangci-lint itself rejects)
// both accept it or both give the same error. Crashers found by go test
// -fuzz are kept in testdata/fuzz/FuzzSettings.
func FuzzSettings(f *testing.F) {
	for _, seed := range []string{
		"",
		"rules:\n  - singleton: " + getF + "\n    replacement: " + createF + "\n    message: agents are per user\nconstructors: [" + fromCtx + "]\ntest-constructors: [" + forTest + "]\n",
		"Rules:\n  - singleton: " + getF + "\n    replacement: " + createF + "\n",
		"Rules: []\nrules: []\n",
		"rules: [{Singleton: " + getF + ", replacement: " + createF + "}]\n",
		"phases:\n  - name: examples\n    paths: [\"examples/**\"]\n  - Name: tests\n    paths: [\"**/*_test.go\"]\n",
		"constructors: {a: b}\n",
		"rules: [{singleton: 3}]\n",
		"test-constructors: [" + forTest + ", " + forTest + "]\n",
		"- rules\n",
	} {
		f.Add([]byte(seed))
	}
	// Both validate for a module: the plugin for the working directory's
	// (this one), discovery for the file's. Give the file the same one.
	dir := f.TempDir()
	mod, err := os.ReadFile("go.mod")
	if err != nil {
		f.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module "+modfile.ModulePath(mod)+"\n"), 0o644); err != nil {
		f.Fatal(err)
	}
	file := filepath.Join(dir, ".golangci.yml")
	f.Fuzz(func(t *testing.T, data []byte) {
		var block any
		if yaml.Unmarshal(data, &block) != nil {
			return // golangci-lint cannot read the file
		}
		_, perr := newPlugin(block)
		checkInBlock(t, data, "plugin", perr)

		// The same block in a file, indented under settings: as a user
		// writes it.
		yml := "version: \"2\"\nlinters:\n  settings:\n    custom:\n      factoryscope:\n        type: module\n        settings:\n"
		for line := range strings.Lines(string(data)) {
			yml += "          " + line
		}
		if err := os.WriteFile(file, []byte(yml), 0o644); err != nil {
			t.Fatal(err)
		}
		_, _, derr := analyzer.Discover(dir)
		if derr != nil && !strings.HasPrefix(derr.Error(), file+": ") {
			t.Fatalf("Discover error for %q does not start with the file: %q", data, derr)
		}

		// The rest holds when the indented block is the same YAML (a
		// multi-line scalar or a document marker may change under
		// indentation).
		var whole struct {
			Linters struct {
				Settings struct {
					Custom struct {
						Factoryscope struct {
							Settings any `json:"settings"`
						} `json:"factoryscope"`
					} `json:"custom"`
				} `json:"settings"`
			} `json:"linters"`
		}
		if yaml.Unmarshal([]byte(yml), &whole) != nil || !reflect.DeepEqual(whole.Linters.Settings.Custom.Factoryscope.Settings, block) {
			if derr != nil && strings.ContainsAny(derr.Error(), "\r\n") {
				t.Fatalf("Discover error for %q is not one line: %q", data, derr)
			}
			return
		}
		checkInBlock(t, data, "Discover", derr)
		if fe, ok := errors.AsType[*analyzer.FieldError](derr); yaml.UnmarshalStrict(data, new(any)) != nil || ok && fe.Msg == "duplicate key" {
			// Repeated keys (also 0 and "0", one key once a string):
			// golangci-lint's reader rejects them or keeps one, and the
			// plugin never sees them.
			return
		}
		switch {
		case perr == nil && derr != nil:
			t.Fatalf("the plugin accepts %q, Discover rejects it: %v", data, derr)
		case perr != nil && derr == nil:
			t.Fatalf("Discover accepts %q, the plugin rejects it: %v", data, perr)
		case perr != nil && file+": "+perr.Error() != derr.Error():
			t.Fatalf("plugin and Discover disagree on %q:\nplugin:   %s\nDiscover: %s", data, perr, derr)
		}
	})
}

// checkInBlock checks that err, if any, is one line and a *FieldError
// naming the settings block or a field in it.
func checkInBlock(t *testing.T, data []byte, driver string, err error) {
	t.Helper()
	if err == nil {
		return
	}
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") {
		t.Fatalf("%s error for %q is not one line: %q", driver, data, msg)
	}
	fe, ok := errors.AsType[*analyzer.FieldError](err)
	if !ok {
		t.Fatalf("%s error for %q is a %T, not a *FieldError: %q", driver, data, err, msg)
	}
	rest, ok := strings.CutPrefix(fe.Field, analyzer.SettingsPath)
	if !ok || rest != "" && rest[0] != '.' && rest[0] != '[' {
		t.Fatalf("%s error for %q names %q, not a field of the block: %q", driver, data, fe.Field, msg)
	}
}
