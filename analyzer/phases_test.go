package analyzer_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/factoryscope/factoryscope/analyzer"
)

// issuePhases is the configuration of issue 9's example: examples first,
// so that an example_test.go is an example, not a test.
const issuePhases = `
phases:
  - name: examples
    paths: ["examples/**", "scripts/**", "**/example_test.go"]
  - name: tests
    paths: ["**/*_test.go", "**/testutil/**"]
`

func classifier(t *testing.T, yml string) *analyzer.Classifier {
	t.Helper()
	cfg, err := analyzer.Decode([]byte(yml))
	if err != nil {
		t.Fatal(err)
	}
	c, err := cfg.Classifier()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestPhaseDefaults(t *testing.T) {
	t.Parallel()
	c := classifier(t, "")
	if got, want := c.Names(), []string{"production", "tests", "examples"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
	for file, want := range map[string]string{
		"main.go":                        "production",
		"api/handlers.go":                "production",
		"api/handlers_test.go":           "tests",
		"handlers_test.go":               "tests",
		"examples/quickstart/main.go":    "examples",
		"example/main.go":                "examples",
		"scripts/seed.go":                "examples",
		"internal/tools/gen/main.go":     "examples",
		"hack/boilerplate.go":            "examples",
		"examples/quickstart/q_test.go":  "tests", // tests come first
		"api/examples.go":                "production",
		"api/example_test.go":            "tests",
		"toolsx/x.go":                    "production", // a whole element only
		"cmd/server/testutil/helpers.go": "production",
	} {
		if got := c.Phase(file); got != want {
			t.Errorf("Phase(%q) = %q, want %q", file, got, want)
		}
	}
}

func TestPhaseCustomGlobs(t *testing.T) {
	t.Parallel()
	c := classifier(t, issuePhases)
	if got, want := c.Names(), []string{"production", "examples", "tests"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
	for file, want := range map[string]string{
		"api/handlers.go":             "production",
		"api/handlers_test.go":        "tests",
		"testutil/agents.go":          "tests",
		"api/testutil/agents.go":      "tests",
		"examples/quickstart/main.go": "examples",
		"scripts/seed/main.go":        "examples",
		"api/example_test.go":         "examples", // the first match wins
		"example_test.go":             "examples", // ** matches no element too
		"examples/x_test.go":          "examples",
		"hack/gen.go":                 "production", // the defaults are gone
		"sub/examples/main.go":        "production", // examples/** is anchored at the root
	} {
		if got := c.Phase(file); got != want {
			t.Errorf("Phase(%q) = %q, want %q", file, got, want)
		}
	}
	for _, name := range []string{"production", "examples", "tests"} {
		if !c.Known(name) {
			t.Errorf("Known(%q) = false", name)
		}
	}
	if c.Known("test") {
		t.Errorf(`Known("test") = true`)
	}
}

// TestPhaseFirstMatchWins: the order of the phases decides, not the order
// of the globs' specificity.
func TestPhaseFirstMatchWins(t *testing.T) {
	t.Parallel()
	c := classifier(t, `
phases:
  - name: tests
    paths: ["**/*_test.go"]
  - name: examples
    paths: ["**/example_test.go", "examples/**"]
  - name: production
    paths: ["**/*.go"]
`)
	for file, want := range map[string]string{
		"a/example_test.go":    "tests",
		"examples/a_test.go":   "tests",
		"examples/main.go":     "examples",
		"a/b.go":               "production",
		"a/b.s":                "production", // no phase: production anyway
		"examples/data/x.json": "examples",
	} {
		if got := c.Phase(file); got != want {
			t.Errorf("Phase(%q) = %q, want %q", file, got, want)
		}
	}
	// production is listed once, first.
	if got, want := c.Names(), []string{"production", "tests", "examples"}; !reflect.DeepEqual(got, want) {
		t.Errorf("Names() = %q, want %q", got, want)
	}
}

func TestPhaseGlobSyntax(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		glob, file string
		want       bool
	}{
		{"examples/**", "examples/a.go", true},
		{"examples/**", "examples/a/b/c.go", true},
		{"examples/**", "examples2/a.go", false},
		{"**/testutil/**", "testutil/a.go", true},
		{"**/testutil/**", "a/b/testutil/c/d.go", true},
		{"**/*_test.go", "a_test.go", true},
		{"**/*_test.go", "a/b/c_test.go", true},
		{"*_test.go", "a/b_test.go", false}, // * stays within an element
		{"cmd/*/main.go", "cmd/server/main.go", true},
		{"cmd/*/main.go", "cmd/a/b/main.go", false},
		{"cmd/**/main.go", "cmd/main.go", true},
		{"cmd/**/main.go", "cmd/a/b/main.go", true},
		{"gen/v?/*.go", "gen/v1/x.go", true},
		{"gen/v[0-9]/*.go", "gen/vx/x.go", false},
		{"gen/v[^0-9]/*.go", "gen/vx/x.go", true},
		{`weird/\*.go`, "weird/*.go", true},
		{`weird/\*.go`, "weird/a.go", false},
		{"main.go", "main.go", true},
		{"main.go", "cmd/main.go", false},
	} {
		cfg := analyzer.Config{Phases: []analyzer.Phase{{Name: "p", Paths: []string{tt.glob}}}}
		c, err := cfg.Classifier()
		if err != nil {
			t.Fatalf("%q: %v", tt.glob, err)
		}
		if got := c.Phase(tt.file) == "p"; got != tt.want {
			t.Errorf("glob %q matches %q = %t, want %t", tt.glob, tt.file, got, tt.want)
		}
	}
}

// TestPhaseErrors: bad phases are rejected by Decode or Validate (so by
// every driver, and by analyzer.New) with one line naming the field.
func TestPhaseErrors(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct{ name, in, want string }{
		{"bad glob", "phases: [{name: examples, paths: [\"examples/**\", \"examples/[\"]}]",
			`phases[0].paths[1]: "examples/[" is not a valid glob: syntax error in pattern`},
		{"bad glob in second phase", "phases: [{name: a, paths: [x/**]}, {name: b, paths: [\"y/[a-\"]}]",
			`phases[1].paths[0]: "y/[a-" is not a valid glob: syntax error in pattern`},
		{"absolute glob", "phases: [{name: a, paths: [/examples/**]}]",
			`phases[0].paths[0]: "/examples/**" is absolute: globs are relative to the module root`},
		{"empty element", "phases: [{name: a, paths: [examples/]}]",
			`phases[0].paths[0]: "examples/" has an empty path element (for a directory and everything under it, write dir/**)`},
		{"dot dot", "phases: [{name: a, paths: [../x/**]}]",
			`phases[0].paths[0]: "../x/**" has a ".." element`},
		{"star star inside an element", "phases: [{name: a, paths: [\"a**/x.go\"]}]",
			`phases[0].paths[0]: "a**/x.go": ** must be a whole path element`},
		{"empty glob", "phases: [{name: a, paths: [\"\"]}]",
			`phases[0].paths[0]: missing: want a glob relative to the module root`},
		{"no paths", "phases: [{name: a}]",
			`phases[0].paths: missing: want a list of globs`},
		{"no name", "phases: [{paths: [x/**]}]",
			`phases[0].name: missing: want a phase name`},
		{"bad name", "phases: [{name: first phase, paths: [x/**]}]",
			`phases[0].name: "first phase" is not a phase name`},
		{"duplicate name", "phases: [{name: a, paths: [x/**]}, {name: a, paths: [y/**]}]",
			`phases[1].name: "a" is already the name of phases[0]`},
		{"unknown key", "phases: [{name: a, globs: [x/**]}]",
			`phases[0].globs: unknown field (known: name, paths)`},
		{"not a list", "phases: {name: a}",
			`phases: want a list, got a mapping`},
		{"phase not a mapping", "phases: [tests]",
			`phases[0]: want a mapping with keys name and paths, got string "tests"`},
		{"paths not a list", "phases: [{name: a, paths: x/**}]",
			`phases[0].paths: want a list, got string "x/**"`},
		{"path not a string", "phases: [{name: a, paths: [x/**, 3]}]",
			`phases[0].paths[1]: want a string, got number 3`},
		{"duplicate key", "phases: [{name: a, name: b, paths: [x/**]}]",
			`phases[0].name: duplicate key`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			cfg, err := analyzer.Decode([]byte(tt.in))
			if err == nil {
				err = cfg.Validate(repo)
				if _, nerr := analyzer.New(cfg, repo); (nerr == nil) != (err == nil) {
					t.Errorf("New: %v, Validate: %v", nerr, err)
				}
			}
			checkOneLine(t, err, tt.want)
			if _, ok := errors.AsType[*analyzer.FieldError](err); !ok {
				t.Errorf("error %T is not a *FieldError", err)
			}
		})
	}
}

// TestPhaseErrorInGolangci: in .golangci.yml the error names the whole
// path, as for the other fields.
func TestPhaseErrorInGolangci(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	write(t, dir, ".golangci.yml", `version: "2"
linters:
  settings:
    custom:
      factoryscope:
        type: module
        settings:
          phases:
            - name: examples
              paths: ["examples/**", "examples/["]
`)
	_, _, err := analyzer.Discover(dir)
	checkOneLine(t, err, `.golangci.yml: linters.settings.custom.factoryscope.settings.phases[0].paths[1]: "examples/[" is not a valid glob: syntax error in pattern`)
}
