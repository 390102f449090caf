package analyzer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"sigs.k8s.io/yaml"
)

// golangciFiles are the golangci-lint configuration file names Discover
// looks for in each directory, in golangci-lint's order of preference.
// (.golangci.toml is not read: there is no TOML decoder in this module.)
var golangciFiles = []string{".golangci.yml", ".golangci.yaml", ".golangci.json"}

// SettingsPath is where factoryscope's settings live in a golangci-lint v2
// configuration: the module plugin's settings block.
const SettingsPath = "linters.settings.custom.factoryscope.settings"

// Discover finds the nearest golangci-lint configuration file in dir or one
// of its parents and decodes factoryscope's block in it (see SettingsPath).
// It returns the file's path, or "" when there is none. A file without the
// block gives the empty Config. Only the block is decoded strictly and
// validated, for the module at dir (see [Config.Validate]); the rest of
// the file belongs to golangci-lint.
func Discover(dir string) (Config, string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return Config{}, "", err
	}
	from := dir
	for {
		for _, name := range golangciFiles {
			path := filepath.Join(dir, name)
			data, err := os.ReadFile(path)
			if errors.Is(err, fs.ErrNotExist) {
				continue
			}
			if err != nil {
				return Config{}, path, err
			}
			cfg, err := fromGolangci(data, from)
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
// of a golangci-lint configuration file, and validates it for dir.
//
// golangci-lint reads the file with viper, which lowercases the keys of
// every mapping that is reached through mappings only (not through a
// list), so it applies a block written under Linters.Settings.Custom.
// FactoryScope.Settings, with Rules: and Constructors: in it; the keys of
// a rule (in a list) keep their case, and the plugin's strict decoder
// rejects Singleton:. When two keys of one mapping differ only in case,
// viper keeps one of them (the one not in lower case, tested with
// golangci-lint v2.15.0); Discover accepts the same keys and reports such
// a pair as an error.
func fromGolangci(data []byte, dir string) (Config, error) {
	// A .golangci.json is read as JSON: YAML lacks some of its escapes.
	js, isJSON := data, json.Valid(data)
	if !isJSON {
		var err error
		if js, err = yaml.YAMLToJSON(data); err != nil {
			return Config{}, &FieldError{Msg: oneLine(err.Error())}
		}
	}
	var v any
	if err := json.Unmarshal(js, &v); err != nil {
		return Config{}, &FieldError{Msg: err.Error()}
	}
	// Walk down the path; anything missing or not a mapping on the way
	// means there is no block, and is golangci-lint's business.
	var keys []string // the keys as written
	field := ""
	for want := range strings.SplitSeq(SettingsPath, ".") {
		m, ok := v.(map[string]any)
		if !ok {
			return Config{}, nil
		}
		field = join(field, want)
		key, err := foldedKey(m, want, field)
		if err != nil {
			return Config{}, err
		}
		if key == "" {
			return Config{}, nil
		}
		keys = append(keys, key)
		v = m[key]
	}
	// golangci-lint's decoder keeps the last of repeated keys; in the
	// block they are an error, as in a -config file.
	fe := duplicateKey(data, keys, SettingsPath)
	if isJSON {
		fe = jsonDuplicateKey(rawAt(data, keys), SettingsPath)
	}
	if fe != nil {
		return Config{}, fe
	}
	v, err := lowerKeys(v, SettingsPath)
	if err != nil {
		return Config{}, err
	}
	block, err := json.Marshal(v)
	if err != nil {
		return Config{}, err
	}
	cfg, err := decodeJSON(block, SettingsPath)
	if err != nil {
		return Config{}, err
	}
	if err := cfg.Validate(dir); err != nil {
		if fe, ok := errors.AsType[*FieldError](err); ok {
			return Config{}, &FieldError{Field: SettingsPath + "." + fe.Field, Msg: fe.Msg}
		}
		return Config{}, err
	}
	return cfg, nil
}

// rawAt returns the JSON value found in data by following keys, the last
// of repeated keys as encoding/json does; data holds the path.
func rawAt(data []byte, keys []string) []byte {
	for _, k := range keys {
		var m map[string]json.RawMessage
		_ = json.Unmarshal(data, &m)
		data = m[k]
	}
	return data
}

// foldedKey returns the key of m that is want in any case, or "". Two
// such keys are an error naming field, want's path.
func foldedKey(m map[string]any, want, field string) (string, error) {
	var found []string
	for k := range m {
		if strings.ToLower(k) == want {
			found = append(found, k)
		}
	}
	switch len(found) {
	case 0:
		return "", nil
	case 1:
		return found[0], nil
	}
	return "", caseClash(field, found)
}

// FoldKeys lowercases the keys of a settings block's mappings (not inside
// lists) as golangci-lint's configuration reader does before a plugin sees
// them, so that the plugin, handed the block directly, accepts what
// Discover accepts; two keys that differ only in case are an error.
func FoldKeys(settings any) (any, error) { return lowerKeys(settings, "") }

// lowerKeys lowercases the keys of v's mappings as viper does: recursively
// through mappings, not inside lists. field is v's path, for the error
// that names two keys differing only in case.
func lowerKeys(v any, field string) (any, error) {
	m, ok := v.(map[string]any)
	if !ok {
		return v, nil
	}
	byLower := make(map[string][]string)
	for k := range m {
		byLower[strings.ToLower(k)] = append(byLower[strings.ToLower(k)], k)
	}
	out := make(map[string]any, len(m))
	for _, lower := range slices.Sorted(maps.Keys(byLower)) {
		ks := byLower[lower]
		if len(ks) > 1 {
			return nil, caseClash(join(field, lower), ks)
		}
		val, err := lowerKeys(m[ks[0]], join(field, lower))
		if err != nil {
			return nil, err
		}
		out[lower] = val
	}
	return out, nil
}

func caseClash(field string, keys []string) error {
	slices.Sort(keys)
	quoted := make([]string, len(keys))
	for i, k := range keys {
		quoted[i] = strconv.Quote(k)
	}
	return fieldErrorf(field, "keys %s differ only in case (golangci-lint lowercases keys and keeps only one)", strings.Join(quoted, " and "))
}
