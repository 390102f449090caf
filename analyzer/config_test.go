package analyzer_test

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/analyzer"
)

// repo is the directory configurations are validated for: the package's
// own, in this repository's module (whose path has a dot), where go test
// runs it.
const repo = "."

const (
	getF    = "example.com/app/agents/supervisor.GetAgentInstanceFactory"
	createF = "example.com/app/agents/supervisor.CreateAgentInstanceFactory"
	fromCtx = "example.com/app/services/userctx.FromContext"
	forTest = "example.com/app/services/userctx.ForTest"
)

func TestDecodeValid(t *testing.T) {
	t.Parallel()
	want := analyzer.Config{
		Rules:            []analyzer.Rule{{Singleton: getF, Replacement: createF, Message: "agents are per user"}},
		Constructors:     []string{fromCtx},
		TestConstructors: []string{forTest, "example.com/app/services/userctx.ForT"},
	}
	for _, tt := range []struct {
		name, in string
		want     analyzer.Config
	}{
		{"yaml", "rules:\n  - singleton: " + getF + "\n    replacement: " + createF + "\n    message: agents are per user\nconstructors:\n  - " + fromCtx + "\ntest-constructors:\n  - " + forTest + "\n  - example.com/app/services/userctx.ForT\n", want},
		{"json", `{"rules":[{"singleton":"` + getF + `","replacement":"` + createF + `","message":"agents are per user"}],"constructors":["` + fromCtx + `"],"test-constructors":["` + forTest + `","example.com/app/services/userctx.ForT"]}`, want},
		{"json indented with tabs", "{\n\t\"rules\": [\n\t\t{\"singleton\": \"" + getF + "\", \"replacement\": \"" + createF + "\", \"message\": \"agents are per user\"}\n\t],\n\t\"constructors\": [\"" + fromCtx + "\"],\n\t\"test-constructors\": [\"" + forTest + "\", \"example.com/app/services/userctx.ForT\"]\n}\n", want},
		{"json escapes yaml lacks", `{"constructors": ["example.com\/app\/services\/userctx.FromContext"], "rules": [{"singleton": "` + getF + `", "replacement": "` + createF + `", "message": "not for \ud83d\ude00"}]}`,
			analyzer.Config{Rules: []analyzer.Rule{{Singleton: getF, Replacement: createF, Message: "not for \U0001F600"}}, Constructors: []string{fromCtx}}},
		{"empty document", "", analyzer.Config{}},
		{"null", "null", analyzer.Config{}},
		{"empty mapping", "{}", analyzer.Config{}},
		{"null lists", "rules: null\nconstructors:\ntest-constructors: null\n", analyzer.Config{}},
		{"test constructors alone", "test-constructors: [" + forTest + "]", analyzer.Config{TestConstructors: []string{forTest}}},
		{"no message", "rules: [{singleton: " + getF + ", replacement: " + createF + "}]", analyzer.Config{Rules: []analyzer.Rule{{Singleton: getF, Replacement: createF}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := analyzer.Decode([]byte(tt.in))
			if err != nil {
				t.Fatalf("Decode: %v", err)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Decode = %#v, want %#v", got, tt.want)
			}
			if err := got.Validate(repo); err != nil {
				t.Errorf("Validate: %v", err)
			}
			suite, err := analyzer.New(got, repo)
			if err != nil || len(suite) != 1 {
				t.Errorf("New = %v, %v; want one analyzer", suite, err)
			}
		})
	}
}

// TestDecodeErrors covers the strict decoder: each case gives exactly one
// line naming the field.
func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, in, want string }{
		{"unknown top-level field", "rules: []\nconstrutors: []", `construtors: unknown field (known: rules, constructors, test-constructors, phases)`},
		{"unknown top-level field json", `{"rule": []}`, `rule: unknown field (known: rules, constructors, test-constructors, phases)`},
		{"test constructors with an underscore", "test_constructors: [" + forTest + "]", `test_constructors: unknown field (known: rules, constructors, test-constructors, phases)`},
		{"test constructors in camel case", `{"testConstructors": []}`, `testConstructors: unknown field (known: rules, constructors, test-constructors, phases)`},
		{"unknown field in rule", "rules:\n  - singleton: " + getF + "\n    replacment: " + createF, `rules[0].replacment: unknown field (known: singleton, replacement, message)`},
		{"unknown field in second rule json", `{"rules":[{"singleton":"a.B","replacement":"a.C"},{"singleton":"a.D","replacement":"a.E","msg":"x"}]}`, `rules[1].msg: unknown field (known: singleton, replacement, message)`},
		{"rules not a list", "rules: " + getF, `rules: want a list, got string "` + getF + `"`},
		{"rule not a mapping", "rules: [" + getF + "]", `rules[0]: want a mapping with keys singleton, replacement and message, got string "` + getF + `"`},
		{"singleton not a string", "rules: [{singleton: 3, replacement: " + createF + "}]", `rules[0].singleton: want a string, got number 3`},
		{"message not a string", "rules: [{singleton: a.B, replacement: a.C, message: [x]}]", `rules[0].message: want a string, got a list`},
		{"constructors not a list", "constructors: {a: b}", `constructors: want a list, got a mapping`},
		{"constructor not a string", "constructors: [true]", `constructors[0]: want a string, got boolean true`},
		{"test constructors not a list", "test-constructors: " + forTest, `test-constructors: want a list, got string "` + forTest + `"`},
		{"test constructor not a string", "test-constructors: [" + forTest + ", {a: b}]", `test-constructors[1]: want a string, got a mapping`},
		{"duplicate test-constructors key", "test-constructors: []\ntest-constructors: []", `test-constructors: duplicate key`},
		{"document not a mapping", "- rules", `want a mapping with keys rules, constructors, test-constructors and phases, got a list`},
		{"duplicate key", "rules: []\nrules: []", `rules: duplicate key`},
		{"duplicate key in a rule", "rules:\n  - singleton: " + getF + "\n    replacement: " + createF + "\n    singleton: " + getF + "\n", `rules[0].singleton: duplicate key`},
		{"duplicate key in a second rule json", `{"rules":[{"singleton":"a.B","replacement":"a.C"},{"singleton":"a.D","message":"x","message":"y"}]}`, `rules[1].message: duplicate key`},
		{"bad yaml", "rules: [", `yaml: line 1`},
		{"json number as written", `{"rules": -0}`, `rules: want a list, got number -0`},
		{"json key repeated above a repeat", `{"rules": [{"message": "x", "message": "y"}], "rules": []}`, `rules: duplicate key`},
		{"key with a newline", `"a\nb": 1`, `"a\nb": unknown field`},
		{"empty key in a rule", `rules: [{"": x}]`, `rules[0]."": unknown field`},
		{"key with a dot repeated", "\".x\": {0: a, 00: b}", `".x".0: duplicate key`},
		{"list with a repeated key", "[{a: 1, a: 2}]", `yaml: unmarshal errors: line 1: key "a" already set in map`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			_, err := analyzer.Decode([]byte(tt.in))
			checkOneLine(t, err, tt.want)
			if _, ok := errors.AsType[*analyzer.FieldError](err); !ok {
				t.Errorf("error %T is not a *FieldError", err)
			}
		})
	}
}

// TestValidateErrors gives each malformed field its own case.
func TestValidateErrors(t *testing.T) {
	t.Parallel()
	rule := func(s, r string) analyzer.Rule { return analyzer.Rule{Singleton: s, Replacement: r} }
	for _, tt := range []struct {
		name string
		cfg  analyzer.Config
		want string
	}{
		{"singleton missing", analyzer.Config{Rules: []analyzer.Rule{rule("", createF)}},
			`rules[0].singleton: missing: want an import path followed by a name, e.g. example.com/app/pkg.Name`},
		{"replacement missing", analyzer.Config{Rules: []analyzer.Rule{rule(getF, "")}},
			`rules[0].replacement: missing: want an import path followed by a name, e.g. example.com/app/pkg.Name`},
		{"replacement without path", analyzer.Config{Rules: []analyzer.Rule{rule(getF, "x")}},
			`rules[0].replacement: "x" is not an import path followed by a name`},
		{"singleton without name", analyzer.Config{Rules: []analyzer.Rule{rule("example.com/app/supervisor", createF)}},
			`rules[0].singleton: "example.com/app/supervisor" is not an import path followed by a name`},
		{"name not an identifier", analyzer.Config{Rules: []analyzer.Rule{rule("example.com/app.Get-Factory", createF)}},
			`rules[0].singleton: "example.com/app.Get-Factory" is not an import path followed by a name`},
		{"path not a module or standard package", analyzer.Config{Rules: []analyzer.Rule{rule(getF, "x.Y")}},
			`rules[0].replacement: "x.Y" is not an import path followed by a name`},
		{"package name instead of path", analyzer.Config{Rules: []analyzer.Rule{rule("supervisor.GetAgentInstanceFactory", createF)}},
			`rules[0].singleton: "supervisor.GetAgentInstanceFactory" is not an import path followed by a name`},
		{"path without a dot in its first element", analyzer.Config{Constructors: []string{"app/services/userctx.FromContext"}},
			`constructors[0]: "app/services/userctx.FromContext" is not an import path followed by a name`},
		{"bad import path", analyzer.Config{Rules: []analyzer.Rule{rule(getF, "example.com/a b.Create")}},
			`rules[0].replacement: "example.com/a b.Create" is not an import path followed by a name`},
		{"second rule", analyzer.Config{Rules: []analyzer.Rule{rule(getF, createF), rule("example.com/a.B", ".C")}},
			`rules[1].replacement: ".C" is not an import path followed by a name`},
		{"duplicate singleton", analyzer.Config{Rules: []analyzer.Rule{rule(getF, createF), rule("example.com/a.X", "example.com/a.Y"), rule(getF, "example.com/a.Z")}},
			`rules[2].singleton: "` + getF + `" is already the singleton of rules[0]`},
		{"singleton is replacement", analyzer.Config{Rules: []analyzer.Rule{rule(getF, getF)}},
			`rules[0].replacement: "` + getF + `" is the singleton itself`},
		{"replacement is another singleton", analyzer.Config{Rules: []analyzer.Rule{rule(getF, "example.com/a.B"), rule("example.com/a.B", createF)}},
			`rules[0].replacement: "example.com/a.B" is itself the singleton of rules[1]`},
		{"multi-line message", analyzer.Config{Rules: []analyzer.Rule{{Singleton: getF, Replacement: createF, Message: "one\ntwo"}}},
			`rules[0].message: "one\ntwo" is not a single line`},
		{"constructor empty", analyzer.Config{Constructors: []string{fromCtx, ""}},
			`constructors[1]: missing: want an import path followed by a name, e.g. example.com/app/pkg.Name`},
		{"constructor malformed", analyzer.Config{Constructors: []string{"FromContext"}},
			`constructors[0]: "FromContext" is not an import path followed by a name`},
		{"constructor duplicate", analyzer.Config{Constructors: []string{fromCtx, "example.com/a.B", fromCtx}},
			`constructors[2]: "` + fromCtx + `" is already constructors[0]`},
		{"test constructor empty", analyzer.Config{TestConstructors: []string{forTest, ""}},
			`test-constructors[1]: missing: want an import path followed by a name, e.g. example.com/app/pkg.Name`},
		{"test constructor malformed", analyzer.Config{TestConstructors: []string{"ForTest"}},
			`test-constructors[0]: "ForTest" is not an import path followed by a name`},
		{"test constructor package name instead of path", analyzer.Config{TestConstructors: []string{"userctx.ForTest"}},
			`test-constructors[0]: "userctx.ForTest" is not an import path followed by a name`},
		{"test constructor duplicate", analyzer.Config{TestConstructors: []string{forTest, forTest}},
			`test-constructors[1]: "` + forTest + `" is already test-constructors[0]`},
		{"test constructor also a constructor", analyzer.Config{Constructors: []string{"example.com/a.B", forTest}, TestConstructors: []string{forTest}},
			`test-constructors[0]: "` + forTest + `" is already constructors[1]`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			checkOneLine(t, tt.cfg.Validate(repo), tt.want)
			suite, err := analyzer.New(tt.cfg, repo)
			checkOneLine(t, err, tt.want)
			if suite != nil {
				t.Errorf("New returned analyzers for a bad config")
			}
		})
	}
}

// TestValidateStandardLibrary checks that a path without a dot in its
// first element is accepted when it is a standard-library package.
func TestValidateStandardLibrary(t *testing.T) {
	t.Parallel()
	cfg := analyzer.Config{
		Rules:        []analyzer.Rule{{Singleton: "net/http.DefaultClient", Replacement: "example.com/app/httpx.ClientFor"}},
		Constructors: []string{"context.Background", "net/http.NewRequestWithContext"},
	}
	if err := cfg.Validate(repo); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

// TestValidateDotlessMainModule checks that a module whose path has no
// dot ("module app") can name its own packages, found from the go.mod
// nearest to the directory given, and still not others; and that the
// process's working directory, here another module, plays no part. It
// changes the working directory, so it does not run in parallel.
func TestValidateDotlessMainModule(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "app/go.mod", "module app\n\ngo 1.26\n")
	write(t, dir, "app/api/x.go", "package api")
	write(t, dir, "other/go.mod", "module other\n\ngo 1.26\n")
	t.Chdir(filepath.Join(dir, "other"))
	api := filepath.Join(dir, "app", "api")
	ok := analyzer.Config{Rules: []analyzer.Rule{{Singleton: "app/agents/supervisor.Get", Replacement: "app/agents/supervisor.Create"}}}
	if err := ok.Validate(api); err != nil {
		t.Errorf("Validate in module app: %v", err)
	}
	if _, err := analyzer.New(ok, api); err != nil {
		t.Errorf("New in module app: %v", err)
	}
	yml := write(t, dir, "app/factoryscope.yml", "rules:\n  - singleton: app/agents/supervisor.Get\n    replacement: app/agents/supervisor.Create\n")
	if _, err := analyzer.LoadFile(yml, api); err != nil {
		t.Errorf("LoadFile in module app: %v", err)
	}
	write(t, dir, "app/.golangci.yml", "linters:\n  settings:\n    custom:\n      factoryscope:\n        settings:\n          rules:\n            - singleton: app/agents/supervisor.Get\n              replacement: app/agents/supervisor.Create\n")
	if _, _, err := analyzer.Discover(api); err != nil {
		t.Errorf("Discover in module app: %v", err)
	}
	bad := analyzer.Config{Rules: []analyzer.Rule{{Singleton: "application/supervisor.Get", Replacement: "app/supervisor.Create"}}}
	checkOneLine(t, bad.Validate(api), `rules[0].singleton: "application/supervisor.Get" is not an import path followed by a name`)
	// In the working directory's module, the first configuration's paths
	// are not the main module's.
	checkOneLine(t, ok.Validate("."), `rules[0].singleton: "app/agents/supervisor.Get" is not an import path followed by a name`)
	// No directory: no module to check against.
	if err := bad.Validate(""); err != nil {
		t.Errorf(`Validate(""): %v`, err)
	}
}

// TestValidateDotlessInGOROOT checks the go vet case: the tool runs in a
// standard package's directory, where the nearest go.mod is GOROOT's, so a
// dotless main module's paths given by -config cannot be checked and are
// accepted rather than rejected in every standard package.
func TestValidateDotlessInGOROOT(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		t.Fatalf("go env GOROOT: %v", err)
	}
	cfg := analyzer.Config{Rules: []analyzer.Rule{{Singleton: "app/engine.Shared", Replacement: "app/engine.ForCaller"}}}
	if err := cfg.Validate(filepath.Join(strings.TrimSpace(string(out)), "src", "context")); err != nil {
		t.Errorf("Validate in GOROOT/src/context: %v", err)
	}
}

func TestNewFreshAnalyzers(t *testing.T) {
	t.Parallel()
	cfg := analyzer.Config{Rules: []analyzer.Rule{{Singleton: getF, Replacement: createF}}}
	a, err := analyzer.New(cfg, repo)
	if err != nil {
		t.Fatal(err)
	}
	b, err := analyzer.New(analyzer.Config{}, repo)
	if err != nil {
		t.Fatal(err)
	}
	if a[0] == b[0] {
		t.Errorf("New returned the same *analysis.Analyzer twice")
	}
}

// TestSchemaExample decodes the example in the -help text, so the
// documentation cannot drift from the decoder.
func TestSchemaExample(t *testing.T) {
	t.Parallel()
	var yml []string
	in := false
	for line := range strings.Lines(analyzer.Schema) {
		if strings.HasPrefix(line, "  rules:") {
			in = true
		}
		if in && strings.TrimSpace(line) == "" {
			break
		}
		if in {
			yml = append(yml, strings.TrimPrefix(line, "  "))
		}
	}
	cfg, err := analyzer.Decode([]byte(strings.Join(yml, "")))
	if err != nil {
		t.Fatalf("Schema example: %v", err)
	}
	want := analyzer.Config{
		Rules:            []analyzer.Rule{{Singleton: getF, Replacement: createF, Message: "agents must not be shared between users"}},
		Constructors:     []string{fromCtx},
		TestConstructors: []string{forTest},
		Phases: []analyzer.Phase{
			{Name: "examples", Paths: []string{"examples/**", "scripts/**", "**/example_test.go"}},
			{Name: "tests", Paths: []string{"**/*_test.go", "**/testutil/**"}},
		},
	}
	if !reflect.DeepEqual(cfg, want) {
		t.Errorf("Schema example decodes to %#v, want %#v", cfg, want)
	}
	if err := cfg.Validate(repo); err != nil {
		t.Errorf("Schema example: %v", err)
	}
}

func TestLoadFile(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	good := write(t, dir, "good.yml", "rules:\n  - singleton: "+getF+"\n    replacement: "+createF+"\n")
	cfg, err := analyzer.LoadFile(good, repo)
	if err != nil || len(cfg.Rules) != 1 || cfg.Rules[0].Replacement != createF {
		t.Errorf("LoadFile(good) = %#v, %v", cfg, err)
	}
	bad := write(t, dir, "bad.json", `{"rules":[{"singleton":"`+getF+`","replacement":"x"}]}`)
	_, err = analyzer.LoadFile(bad, repo)
	checkOneLine(t, err, bad+`: rules[0].replacement: "x" is not an import path followed by a name`)
	unknown := write(t, dir, "unknown.yml", "rules: []\nextra: 1\n")
	_, err = analyzer.LoadFile(unknown, repo)
	checkOneLine(t, err, unknown+`: extra: unknown field`)
	_, err = analyzer.LoadFile(filepath.Join(dir, "absent.yml"), repo)
	if !errors.Is(err, os.ErrNotExist) {
		t.Errorf("LoadFile(absent) error = %v, want not-exist", err)
	}
}

// checkOneLine checks that err is a single line containing want.
func checkOneLine(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error, want %q", want)
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		t.Errorf("error is not one line: %q", msg)
	}
	if !strings.Contains(msg, want) {
		t.Errorf("error = %q\nwant it to contain %q", msg, want)
	}
}

func write(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
