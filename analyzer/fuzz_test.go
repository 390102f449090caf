package analyzer_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"sigs.k8s.io/yaml"

	"github.com/factoryscope/factoryscope/analyzer"
)

// FuzzDecode checks the configuration decoder on any bytes, YAML or JSON:
// it never panics, every rejection (by Decode or by Validate) is a single
// line *FieldError naming a field that the document has (or the missing
// field of a mapping it has), and an accepted configuration decodes to the
// same Config from its JSON form. The seeds below run under go test;
// crashers found by go test -fuzz are kept in testdata/fuzz/FuzzDecode.
func FuzzDecode(f *testing.F) {
	rule := "rules:\n  - singleton: " + getF + "\n    replacement: " + createF + "\n    message: agents are per user\n"
	for _, seed := range []string{
		"",
		"null",
		"{}",
		rule,
		rule + "constructors: [" + fromCtx + "]\ntest-constructors:\n  - " + forTest + "\n",
		`{"rules":[{"singleton":"` + getF + `","replacement":"` + createF + `"}],"constructors":["` + fromCtx + `"]}`,
		"phases:\n  - name: examples\n    paths: [\"examples/**\", \"**/example_test.go\"]\n  - name: tests\n    paths: [\"**/*_test.go\"]\n",
		`{"phases":[{"name":"gen","paths":["gen/**"]}]}`,
		"rules: []\nconstrutors: []",
		"rules:\n  - singleton: " + getF + "\n    replacment: " + createF,
		"rules: [{singleton: 3, replacement: " + createF + "}]",
		"constructors: {a: b}",
		"rules: []\nrules: []",
		"rules:\n  - singleton: a.B\n    singleton: a.C\n",
		"- rules",
		"rules: [",
		"rules: [{singleton: " + getF + ", replacement: " + getF + "}]",
		"rules: [{singleton: " + getF + ", replacement: " + createF + ", message: \"one\\ntwo\"}]",
		"phases: [{name: x, paths: [\"/abs\"]}, {name: x, paths: [a]}]",
		"test-constructors: [" + forTest + ", " + forTest + "]",
		"a: &x [*x]",
		`{"constructors": ["example.com\/a.B", "\ud83d\ude00"], "rules": [{"singleton": -0, "singleton": 1.50}]}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := analyzer.Decode(data)
		if err != nil {
			checkRejection(t, data, err, false)
			return
		}
		// What YAML accepts, its JSON form gives too.
		js, err := json.Marshal(cfg)
		if err != nil {
			t.Fatalf("Marshal(%#v): %v", cfg, err)
		}
		again, err := analyzer.Decode(js)
		if err != nil {
			t.Fatalf("the JSON form %s of %q is rejected: %v", js, data, err)
		}
		if !reflect.DeepEqual(again, cfg) {
			t.Fatalf("the JSON form of %q decodes to %#v, want %#v", data, again, cfg)
		}
		if err := cfg.Validate(repo); err != nil {
			checkRejection(t, data, err, true)
		}
	})
}

// checkRejection checks that err, returned for data by Decode or (when
// validated) by Validate, is one line and names a field of data. An error
// without a field is allowed only when the document as a whole is wrong:
// not YAML, or not a mapping.
func checkRejection(t *testing.T, data []byte, err error, validated bool) {
	t.Helper()
	msg := err.Error()
	if strings.ContainsAny(msg, "\r\n") {
		t.Fatalf("error for %q is not one line: %q", data, msg)
	}
	fe, ok := errors.AsType[*analyzer.FieldError](err)
	if !ok {
		t.Fatalf("error for %q is a %T, not a *FieldError: %q", data, err, msg)
	}
	var doc any
	if yaml.Unmarshal(data, &doc) != nil {
		return // not YAML: the parser's message gives the line
	}
	if _, isMap := doc.(map[string]any); !isMap && doc != nil {
		if fe.Field != "" {
			t.Fatalf("error for %q, not a mapping, names field %q: %q", data, fe.Field, msg)
		}
		return
	}
	if fe.Field == "" {
		t.Fatalf("error for %q names no field: %q", data, msg)
	}
	if validated {
		// Validate names a field of the schema, which may be missing
		// from a mapping the document has.
		if !schemaField.MatchString(fe.Field) {
			t.Fatalf("Validate error for %q names %q, not a field of the schema: %q", data, fe.Field, msg)
		}
		if !resolves(doc, fe.Field) && !resolves(doc, parent(fe.Field)) {
			t.Fatalf("Validate error for %q names %q, which is not in the document: %q", data, fe.Field, msg)
		}
		return
	}
	if !resolves(doc, fe.Field) {
		t.Fatalf("error for %q names %q, which is not in the document: %q", data, fe.Field, msg)
	}
}

// schemaField matches the paths of the fields Validate checks.
var schemaField = regexp.MustCompile(`^(rules\[\d+\]\.(singleton|replacement|message)|(test-)?constructors\[\d+\]|phases\[\d+\]\.(name|paths(\[\d+\])?))$`)

// parent strips the last element of a field path.
func parent(field string) string {
	return field[:max(strings.LastIndexAny(field, ".["), 0)]
}

// resolves reports whether the field path leads to a value in v. A key in
// the path is written plain or, when it is not a plain word, quoted.
func resolves(v any, field string) bool {
	var child any
	var after string
	switch v := v.(type) {
	case map[string]any:
		for k, val := range v {
			for _, written := range []string{k, strconv.Quote(k)} {
				rest, ok := strings.CutPrefix(field, written)
				if ok && (rest == "" || rest[0] == '.' || rest[0] == '[') && resolves(val, strings.TrimPrefix(rest, ".")) {
					return true
				}
			}
		}
		return field == ""
	case []any:
		inner, rest, ok := strings.Cut(strings.TrimPrefix(field, "["), "]")
		i, err := strconv.Atoi(inner)
		if !strings.HasPrefix(field, "[") || !ok || err != nil || i < 0 || i >= len(v) {
			return field == ""
		}
		child, after = v[i], strings.TrimPrefix(rest, ".")
	default:
		return field == ""
	}
	return resolves(child, after)
}
