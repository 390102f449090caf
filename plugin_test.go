package factoryscope_test

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"sigs.k8s.io/yaml"

	"github.com/factoryscope/factoryscope/analyzer"

	_ "github.com/factoryscope/factoryscope" // registers the plugin
)

const (
	getF    = "example.com/app/agents/supervisor.GetAgentInstanceFactory"
	createF = "example.com/app/agents/supervisor.CreateAgentInstanceFactory"
	fromCtx = "example.com/app/services/userctx.FromContext"
	forTest = "example.com/app/services/userctx.ForTest"
)

// settings decodes a YAML settings block the way golangci-lint hands it to
// the plugin: maps, lists and scalars in an any.
func settings(t *testing.T, block string) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal([]byte(block), &v); err != nil {
		t.Fatalf("bad test settings: %v", err)
	}
	return v
}

// newPlugin instantiates the plugin the way golangci-lint does: by name
// through the registry.
func newPlugin(settings any) (register.LinterPlugin, error) {
	newFn, err := register.GetPlugin("factoryscope")
	if err != nil {
		return nil, err
	}
	return newFn(settings)
}

// TestKeyCase: the block's mapping keys are matched in any case, as
// golangci-lint lowercases them before the plugin sees them.
func TestKeyCase(t *testing.T) {
	t.Parallel()
	p, err := newPlugin(settings(t, "Rules:\n  - singleton: "+getF+"\n    replacement: "+createF+"\n"))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	if as, err := p.BuildAnalyzers(); err != nil || len(as) == 0 {
		t.Fatalf("BuildAnalyzers = %v, %v", as, err)
	}
}

func TestGoodSettings(t *testing.T) {
	t.Parallel()
	s := settings(t, `
rules:
  - singleton: `+getF+`
    replacement: `+createF+`
    message: agents must not be shared between users
constructors:
  - `+fromCtx+`
test-constructors:
  - `+forTest+`
phases:
  - name: examples
    paths: ["examples/**", "**/example_test.go"]
  - name: tests
    paths: ["**/*_test.go", "**/testutil/**"]
`)
	p, err := newPlugin(s)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatalf("BuildAnalyzers: %v", err)
	}
	if len(as) == 0 {
		t.Fatal("BuildAnalyzers returned no analyzers")
	}
	if err := analysis.Validate(as); err != nil {
		t.Errorf("analysis.Validate: %v", err)
	}

	// Each instance gets its own analyzers: nothing configured is shared.
	q, err := newPlugin(map[string]any{})
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	bs, err := q.BuildAnalyzers()
	if err != nil {
		t.Fatalf("BuildAnalyzers: %v", err)
	}
	for _, a := range as {
		for _, b := range bs {
			if a == b {
				t.Errorf("two plugin instances share analyzer %s", a.Name)
			}
		}
	}
}

// TestSettingsReachAnalyzer: the analyzers an instance builds report the
// rule given in its settings, with the rule's message.
func TestSettingsReachAnalyzer(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for name, src := range map[string]string{
		"go.mod": "module example.com/app\n\ngo 1.26\n",
		"supervisor/supervisor.go": `package supervisor

import "context"

type Factory struct{}

func Get() *Factory { return nil }

func Create(ctx context.Context) *Factory { return nil }
`,
		"use/use.go": `package use

import (
	"context"

	"example.com/app/supervisor"
)

func Handle(ctx context.Context) *supervisor.Factory {
	return supervisor.Get() // want "supervisor.Get .*; configured by the plugin test"
}
`,
	} {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := newPlugin(settings(t, `
rules:
  - singleton: example.com/app/supervisor.Get
    replacement: example.com/app/supervisor.Create
    message: configured by the plugin test
`))
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil {
		t.Fatal(err)
	}
	i := slices.IndexFunc(as, func(a *analysis.Analyzer) bool { return a.Name == "singleton" })
	if i < 0 {
		t.Fatalf("no singleton analyzer among %v", as)
	}
	analysistest.Run(t, dir, as[i], "./...")
}

// TestEmptySettings: no settings block at all (nil) or an empty one is the
// empty configuration, where only source directives apply.
func TestEmptySettings(t *testing.T) {
	t.Parallel()
	for name, s := range map[string]any{
		"nil":        nil,
		"empty map":  map[string]any{},
		"null lists": settings(t, "rules: null\nconstructors: null\ntest-constructors: null\n"),
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			p, err := newPlugin(s)
			if err != nil {
				t.Fatalf("New(%#v): %v", s, err)
			}
			as, err := p.BuildAnalyzers()
			if err != nil || len(as) == 0 {
				t.Errorf("BuildAnalyzers = %v, %v; want the suite", as, err)
			}
		})
	}
}

func TestLoadMode(t *testing.T) {
	t.Parallel()
	p, err := newPlugin(nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := p.GetLoadMode(); got != register.LoadModeTypesInfo {
		t.Errorf("GetLoadMode() = %q, want %q", got, register.LoadModeTypesInfo)
	}
}

// TestBadSettings: every bad block fails New with one line that names the
// field (as a path inside .golangci.yml) and is exactly the error the CLI
// gives for the same block.
func TestBadSettings(t *testing.T) {
	t.Parallel()
	rule := func(s, r string) string {
		return "rules:\n  - singleton: " + s + "\n    replacement: " + r + "\n"
	}
	for _, tt := range []struct {
		name, block string
		field       string // path under the settings block
		value       string // text the error must quote, if any
	}{
		{"unknown key", "rule: []\n", "rule", ""},
		{"keys differing only in case", "Rules: []\nrules: []\n", "rules", `"Rules" and "rules"`},
		{"key in a rule in the wrong case", "rules: [{Singleton: " + getF + ", replacement: " + createF + "}]\n", "rules[0].Singleton", ""},
		{"unknown key in a rule", rule(getF, createF) + "    msg: hello\n", "rules[0].msg", ""},
		{"rules of the wrong type", "rules: " + getF + "\n", "rules", getF},
		{"rule of the wrong type", "rules: [" + getF + "]\n", "rules[0]", getF},
		{"singleton of the wrong type", "rules: [{singleton: 3, replacement: " + createF + "}]\n", "rules[0].singleton", "3"},
		{"constructors of the wrong type", "constructors: {a: b}\n", "constructors", ""},
		{"constructor of the wrong type", "constructors: [true]\n", "constructors[0]", "true"},
		{"message of the wrong type", rule(getF, createF) + "    message: [x]\n", "rules[0].message", ""},
		{"singleton missing", "rules: [{replacement: " + createF + "}]\n", "rules[0].singleton", ""},
		{"singleton malformed", rule("GetAgentInstanceFactory", createF), "rules[0].singleton", `"GetAgentInstanceFactory"`},
		{"replacement missing", "rules: [{singleton: " + getF + "}]\n", "rules[0].replacement", ""},
		{"replacement malformed", rule(getF, "example.com/a b.Create"), "rules[0].replacement", `"example.com/a b.Create"`},
		{"replacement is the singleton", rule(getF, getF), "rules[0].replacement", `"` + getF + `"`},
		{"duplicate singleton", rule(getF, createF) + "  - singleton: " + getF + "\n    replacement: a.B\n", "rules[1].singleton", `"` + getF + `"`},
		{"multi-line message", rule(getF, createF) + "    message: \"one\\ntwo\"\n", "rules[0].message", `"one\ntwo"`},
		{"constructor malformed", "constructors: [FromContext]\n", "constructors[0]", `"FromContext"`},
		{"constructor empty", "constructors: [" + fromCtx + ", \"\"]\n", "constructors[1]", ""},
		{"test constructors of the wrong type", "test-constructors: {a: b}\n", "test-constructors", ""},
		{"test constructor of the wrong type", "test-constructors: [3]\n", "test-constructors[0]", "3"},
		{"test constructor malformed", "test-constructors: [ForTest]\n", "test-constructors[0]", `"ForTest"`},
		{"test constructor also a constructor", "constructors: [" + forTest + "]\ntest-constructors: [" + forTest + "]\n", "test-constructors[0]", `"` + forTest + `"`},
		{"test constructors with an underscore", "test_constructors: [" + forTest + "]\n", "test_constructors", ""},
		{"phase glob malformed", "phases: [{name: examples, paths: [\"examples/**\", \"examples/[\"]}]\n", "phases[0].paths[1]", `"examples/["`},
		{"phase key in the wrong case", "phases: [{Name: tests, paths: [\"**/*_test.go\"]}]\n", "phases[0].Name", ""},
		{"phase name repeated", "phases: [{name: a, paths: [x/**]}, {name: a, paths: [y/**]}]\n", "phases[1].name", `"a"`},
		{"phases of the wrong type", "phases: tests\n", "phases", `"tests"`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			p, err := newPlugin(settings(t, tt.block))
			if err == nil {
				t.Fatalf("New accepted %q (plugin %v)", tt.block, p)
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
			if prefix := analyzer.SettingsPath + "." + tt.field + ": "; !strings.HasPrefix(msg, prefix) {
				t.Errorf("error %q does not start with %q", msg, prefix)
			}
			if !strings.Contains(msg, tt.value) {
				t.Errorf("error %q does not quote the bad value %s", msg, tt.value)
			}
			if cli := cliError(t, tt.block); msg != cli {
				t.Errorf("plugin and CLI disagree:\nplugin: %s\nCLI:    %s", msg, cli)
			}
		})
	}
}

// cliError returns the error the CLI's configuration discovery gives for a
// .golangci.yml holding block as factoryscope's settings, without the file
// name it prefixes.
func cliError(t *testing.T, block string) string {
	t.Helper()
	dir := t.TempDir()
	yml := "version: \"2\"\nlinters:\n  settings:\n    custom:\n      factoryscope:\n        type: module\n        settings:\n"
	for line := range strings.Lines(block) {
		yml += "          " + line
	}
	file := filepath.Join(dir, ".golangci.yml")
	if err := os.WriteFile(file, []byte(yml), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := analyzer.Discover(dir)
	if err == nil {
		t.Fatalf("the CLI accepts %s", yml)
	}
	return strings.TrimPrefix(err.Error(), file+": ")
}
