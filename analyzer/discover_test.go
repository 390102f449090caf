package analyzer_test

import (
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/analyzer"
)

// golangci returns a golangci-lint v2 file whose factoryscope settings
// block is the given YAML lines, indented under settings:.
func golangci(block string) string {
	return `version: "2"
linters:
  enable: [govet, factoryscope]
  settings:
    govet:
      enable-all: true
      unknown-to-us: fine # not ours to validate
    custom:
      factoryscope:
        type: module
        description: per-request factories
        settings:
` + block
}

func TestDiscover(t *testing.T) {
	t.Parallel()
	ruleBlock := "          rules:\n            - singleton: " + getF + "\n              replacement: " + createF + "\n"
	oneRule := analyzer.Config{Rules: []analyzer.Rule{{Singleton: getF, Replacement: createF}}}
	for _, tt := range []struct {
		name    string
		files   map[string]string // relative path -> content
		from    string            // directory to discover from, relative
		want    analyzer.Config
		wantSrc string // relative path of the file found, "" for none
		wantErr string
	}{
		{name: "in the directory itself", files: map[string]string{".golangci.yml": golangci(ruleBlock)},
			from: ".", want: oneRule, wantSrc: ".golangci.yml"},
		{name: "in a parent", files: map[string]string{".golangci.yml": golangci(ruleBlock), "a/b/x.go": "package b"},
			from: "a/b", want: oneRule, wantSrc: ".golangci.yml"},
		{name: "nearest wins", files: map[string]string{
			".golangci.yml":   golangci(ruleBlock),
			"a/.golangci.yml": golangci("          constructors: [" + fromCtx + "]\n"),
			"a/b/x.go":        "package b",
		}, from: "a/b", want: analyzer.Config{Constructors: []string{fromCtx}}, wantSrc: "a/.golangci.yml"},
		{name: "nearest without block still wins", files: map[string]string{
			".golangci.yml":   golangci(ruleBlock),
			"a/.golangci.yml": "version: \"2\"\nlinters:\n  default: standard\n",
		}, from: "a", want: analyzer.Config{}, wantSrc: "a/.golangci.yml"},
		{name: "yaml variant", files: map[string]string{"a/.golangci.yaml": golangci(ruleBlock)},
			from: "a", want: oneRule, wantSrc: "a/.golangci.yaml"},
		{name: "yml preferred over yaml", files: map[string]string{".golangci.yaml": golangci(ruleBlock), ".golangci.yml": "version: \"2\"\n"},
			from: ".", want: analyzer.Config{}, wantSrc: ".golangci.yml"},
		{name: "json variant", files: map[string]string{".golangci.json": `{"linters":{"settings":{"custom":{"factoryscope":{"settings":{"rules":[{"singleton":"` + getF + `","replacement":"` + createF + `"}]}}}}}}`},
			from: ".", want: oneRule, wantSrc: ".golangci.json"},
		{name: "json escapes yaml lacks", files: map[string]string{".golangci.json": `{"linters":{"settings":{"custom":{"factoryscope":{"settings":{"rules":[{"singleton":"example.com\/app\/agents\/supervisor.GetAgentInstanceFactory","replacement":"` + createF + `"}]}}}}}}`},
			from: ".", want: oneRule, wantSrc: ".golangci.json"},
		{name: "duplicate key in json", files: map[string]string{".golangci.json": `{"linters":{"settings":{"custom":{"factoryscope":{"settings":{"rules":[{"singleton":"` + getF + `","singleton":"` + getF + `"}]}}}}}}`},
			from: ".", wantSrc: ".golangci.json",
			wantErr: `.golangci.json: linters.settings.custom.factoryscope.settings.rules[0].singleton: duplicate key`},
		{name: "no file", files: map[string]string{"a/x.go": "package a"}, from: "a", want: analyzer.Config{}, wantSrc: ""},
		{name: "empty settings block", files: map[string]string{".golangci.yml": golangci("")},
			from: ".", want: analyzer.Config{}, wantSrc: ".golangci.yml"},
		{name: "other custom linters only", files: map[string]string{".golangci.yml": "linters:\n  settings:\n    custom:\n      other:\n        settings: {x: 1}\n"},
			from: ".", want: analyzer.Config{}, wantSrc: ".golangci.yml"},
		{name: "malformed field in block", files: map[string]string{".golangci.yml": golangci("          rules: [{singleton: " + getF + ", replacement: x}]\n")},
			from: ".", wantSrc: ".golangci.yml",
			wantErr: `.golangci.yml: linters.settings.custom.factoryscope.settings.rules[0].replacement: "x" is not an import path followed by a name`},
		{name: "unknown field in block", files: map[string]string{".golangci.yml": golangci("          rulez: []\n")},
			from: ".", wantSrc: ".golangci.yml",
			wantErr: `.golangci.yml: linters.settings.custom.factoryscope.settings.rulez: unknown field`},
		{name: "unknown field in a rule of the block", files: map[string]string{".golangci.yml": golangci(ruleBlock + "              severity: high\n")},
			from: ".", wantSrc: ".golangci.yml",
			wantErr: `linters.settings.custom.factoryscope.settings.rules[0].severity: unknown field`},
		{name: "duplicate key in a rule of the block", files: map[string]string{".golangci.yml": golangci(ruleBlock + "              replacement: " + createF + "\n")},
			from: ".", wantSrc: ".golangci.yml",
			wantErr: `.golangci.yml: linters.settings.custom.factoryscope.settings.rules[0].replacement: duplicate key`},
		{name: "block not a mapping", files: map[string]string{".golangci.yml": golangci("          - " + getF + "\n")},
			from: ".", wantSrc: ".golangci.yml",
			wantErr: `linters.settings.custom.factoryscope.settings: want a mapping with keys rules, constructors, test-constructors and phases, got a list`},
		// golangci-lint (v2.15.0, tested) lowercases the keys of mappings
		// reached through mappings only: it applies these blocks.
		{name: "plugin key in another case", files: map[string]string{".golangci.yml": strings.Replace(golangci(ruleBlock), "factoryscope:\n", "FactoryScope:\n", 1)},
			from: ".", want: oneRule, wantSrc: ".golangci.yml"},
		{name: "every key down to the block's in another case", files: map[string]string{".golangci.yml": "Linters:\n  Settings:\n    Custom:\n      FACTORYSCOPE:\n        Settings:\n" +
			"          Rules:\n            - singleton: " + getF + "\n              replacement: " + createF + "\n          Constructors: [" + fromCtx + "]\n"},
			from: ".", want: analyzer.Config{Rules: oneRule.Rules, Constructors: []string{fromCtx}}, wantSrc: ".golangci.yml"},
		{name: "json in another case", files: map[string]string{".golangci.json": `{"Linters":{"settings":{"custom":{"FactoryScope":{"settings":{"Rules":[{"singleton":"` + getF + `","replacement":"` + createF + `"}]}}}}}}`},
			from: ".", want: oneRule, wantSrc: ".golangci.json"},
		// ...but not the keys of a rule, which is in a list: the plugin
		// rejects them, and so does discovery.
		{name: "rule key in another case", files: map[string]string{".golangci.yml": golangci("          rules:\n            - Singleton: " + getF + "\n              replacement: " + createF + "\n")},
			from: ".", wantSrc: ".golangci.yml",
			wantErr: `.golangci.yml: linters.settings.custom.factoryscope.settings.rules[0].Singleton: unknown field (known: singleton, replacement, message)`},
		// Two keys that differ only in case: golangci-lint silently keeps
		// one; discovery names them.
		{name: "plugin keys differing in case", files: map[string]string{".golangci.yml": golangci(ruleBlock) + "      FactoryScope:\n        settings: {}\n"},
			from: ".", wantSrc: ".golangci.yml",
			wantErr: `.golangci.yml: linters.settings.custom.factoryscope: keys "FactoryScope" and "factoryscope" differ only in case (golangci-lint lowercases keys and keeps only one)`},
		{name: "top-level keys differing in case", files: map[string]string{".golangci.yml": golangci(ruleBlock) + "Linters: {}\n"},
			from: ".", wantSrc: ".golangci.yml",
			wantErr: `.golangci.yml: linters: keys "Linters" and "linters" differ only in case`},
		{name: "block keys differing in case", files: map[string]string{".golangci.yml": golangci(ruleBlock + "          Rules: []\n")},
			from: ".", wantSrc: ".golangci.yml",
			wantErr: `.golangci.yml: linters.settings.custom.factoryscope.settings.rules: keys "Rules" and "rules" differ only in case`},
		{name: "file is not YAML", files: map[string]string{".golangci.yml": "linters: [\n"},
			from: ".", wantSrc: ".golangci.yml", wantErr: `.golangci.yml: yaml: line 1`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			root := t.TempDir()
			for name, content := range tt.files {
				write(t, root, name, content)
			}
			cfg, src, err := analyzer.Discover(filepath.Join(root, tt.from))
			wantSrc := ""
			if tt.wantSrc != "" {
				wantSrc = filepath.Join(root, tt.wantSrc)
			}
			if src != wantSrc {
				t.Errorf("Discover found %q, want %q", src, wantSrc)
			}
			if tt.wantErr != "" {
				checkOneLine(t, err, tt.wantErr)
				return
			}
			if err != nil {
				t.Fatalf("Discover: %v", err)
			}
			if !reflect.DeepEqual(cfg, tt.want) {
				t.Errorf("Discover = %#v, want %#v", cfg, tt.want)
			}
		})
	}
}
