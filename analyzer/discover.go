package analyzer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"sigs.k8s.io/yaml"
)

// GolangciFiles are the golangci-lint configuration file names Discover
// looks for in each directory, in golangci-lint's order of preference.
// (.golangci.toml is not read: there is no TOML decoder in this module.)
var GolangciFiles = []string{".golangci.yml", ".golangci.yaml", ".golangci.json"}

// SettingsPath is where factoryscope's settings live in a golangci-lint v2
// configuration: the module plugin's settings block.
const SettingsPath = "linters.settings.custom.factoryscope.settings"

// Discover finds the nearest golangci-lint configuration file in dir or one
// of its parents and decodes factoryscope's block in it (see SettingsPath).
// It returns the file's path, or "" when there is none. A file without the
// block gives the empty Config. Only the block is decoded strictly and
// validated; the rest of the file belongs to golangci-lint.
func Discover(dir string) (Config, string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return Config{}, "", err
	}
	for {
		for _, name := range GolangciFiles {
			path := filepath.Join(dir, name)
			data, err := os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return Config{}, path, err
			}
			cfg, err := fromGolangci(data)
			if err != nil {
				return Config{}, path, fmt.Errorf("%s: %w", path, err)
			}
			return cfg, path, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return Config{}, "", nil
		}
		dir = parent
	}
}

// fromGolangci extracts and decodes factoryscope's block from the contents
// of a golangci-lint configuration file.
func fromGolangci(data []byte) (Config, error) {
	js, err := yaml.YAMLToJSON(data)
	if err != nil {
		return Config{}, &FieldError{Msg: oneLine(err.Error())}
	}
	var v any
	if err := json.Unmarshal(js, &v); err != nil {
		return Config{}, &FieldError{Msg: err.Error()}
	}
	// Walk down the path; anything missing or not a mapping on the way
	// means there is no block, and is golangci-lint's business.
	for _, key := range []string{"linters", "settings", "custom", "factoryscope", "settings"} {
		m, ok := v.(map[string]any)
		if !ok {
			return Config{}, nil
		}
		if v, ok = m[key]; !ok {
			return Config{}, nil
		}
	}
	// golangci-lint's decoder keeps the last of repeated keys; in the
	// block they are an error, as in a -config file.
	if fe := duplicateKey(data, []string{"linters", "settings", "custom", "factoryscope", "settings"}, SettingsPath); fe != nil {
		return Config{}, fe
	}
	block, err := json.Marshal(v)
	if err != nil {
		return Config{}, err
	}
	cfg, err := decodeJSON(block, SettingsPath)
	if err != nil {
		return Config{}, err
	}
	if err := cfg.Validate(); err != nil {
		if fe, ok := errors.AsType[*FieldError](err); ok {
			return Config{}, &FieldError{Field: join(SettingsPath, fe.Field), Msg: fe.Msg}
		}
		return Config{}, err
	}
	return cfg, nil
}
