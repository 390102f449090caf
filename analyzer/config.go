package analyzer

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	yaml2 "go.yaml.in/yaml/v2"
	"sigs.k8s.io/yaml"
)

// Config is factoryscope's configuration, the same for every driver: the
// CLI's -config file, the settings block of .golangci.yml, and the
// language server.
type Config struct {
	Rules            []Rule   `json:"rules,omitempty"`
	Constructors     []string `json:"constructors,omitempty"`
	TestConstructors []string `json:"test-constructors,omitempty"`
	// Phases put each file in a migration phase for factoryscope report
	// and -phase; empty means DefaultPhases. See [Config.Classifier].
	Phases []Phase `json:"phases,omitempty"`
}

// Rule maps a process-wide singleton to its per-request replacement.
type Rule struct {
	Singleton   string `json:"singleton"`
	Replacement string `json:"replacement"`
	Message     string `json:"message,omitempty"`
}

// FieldError is a configuration error at one field. Field is a path such
// as "rules[0].replacement", empty for the document as a whole.
type FieldError struct {
	Field string
	Msg   string
}

func (e *FieldError) Error() string {
	if e.Field == "" {
		return e.Msg
	}
	return e.Field + ": " + e.Msg
}

func fieldErrorf(field, format string, args ...any) *FieldError {
	return &FieldError{Field: field, Msg: fmt.Sprintf(format, args...)}
}

// Decode decodes a configuration from YAML or JSON (JSON is YAML). It is
// strict: unknown fields, duplicate keys and values of the wrong type are
// errors that name the field. An empty document is the empty Config.
// Decode does not validate the values; see [Config.Validate].
func Decode(data []byte) (Config, error) {
	// JSON is decoded as JSON: YAML reads some of it differently (it has
	// no \/ escape nor surrogate pairs, and reads -0 as 0).
	if json.Valid(data) {
		if fe := jsonDuplicateKey(data, ""); fe != nil {
			return Config{}, fe
		}
		return decodeJSON(data, "")
	}
	js, err := yaml.YAMLToJSONStrict(data)
	if err != nil {
		if fe := duplicateKey(data, nil, ""); fe != nil {
			return Config{}, fe
		}
		return Config{}, &FieldError{Msg: oneLine(err.Error())}
	}
	return decodeJSON(js, "")
}

// duplicateKey returns an error naming the first key that a mapping of the
// YAML document repeats, at or under the mapping found by following the
// keys of at (prefix is its field path), or nil. The parser's own message
// gives only a line number.
func duplicateKey(data []byte, at []string, prefix string) *FieldError {
	// Nested mappings decode as MapSlice too, keeping repeated keys. For a
	// document that is not a mapping, or not YAML, the caller's error says
	// what is wrong. (yaml.v2 decodes a sequence into a MapSlice too, as
	// items without keys: hence the probe.)
	var probe any
	var doc yaml2.MapSlice
	parsed := yaml2.Unmarshal(data, &probe) == nil && yaml2.Unmarshal(data, &doc) == nil
	if _, isMap := probe.(map[any]any); !parsed || !isMap {
		return nil
	}
	var v any = doc
	for _, key := range at {
		m, ok := v.(yaml2.MapSlice)
		if !ok {
			return nil
		}
		v = nil
		for _, it := range m {
			if fmt.Sprint(it.Key) == key {
				v = it.Value // the last one, as the decoders do
			}
		}
	}
	return repeated(v, prefix)
}

func repeated(v any, field string) *FieldError {
	switch v := v.(type) {
	case yaml2.MapSlice:
		// The mapping's own keys first: a value under a repeated key is
		// not the one the decoders keep.
		seen := map[string]bool{}
		for _, it := range v {
			k := fmt.Sprint(it.Key)
			if seen[k] {
				return fieldErrorf(join(field, k), "duplicate key")
			}
			seen[k] = true
		}
		for _, it := range v {
			if fe := repeated(it.Value, join(field, fmt.Sprint(it.Key))); fe != nil {
				return fe
			}
		}
	case []any:
		for i, item := range v {
			if fe := repeated(item, fmt.Sprintf("%s[%d]", field, i)); fe != nil {
				return fe
			}
		}
	}
	return nil
}

// jsonDuplicateKey returns an error naming the first key that a mapping of
// the JSON document data repeats, or nil; prefix is the document's field
// path. As for YAML, a mapping's own keys come before those under them,
// and a document that is not a mapping is left to the caller's error.
func jsonDuplicateKey(data []byte, prefix string) *FieldError {
	if !bytes.HasPrefix(bytes.TrimLeft(data, " \t\r\n"), []byte("{")) {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	var walk func(field string) (*FieldError, error)
	walk = func(field string) (*FieldError, error) {
		tok, err := dec.Token()
		if err != nil {
			return nil, err // not reached for valid JSON
		}
		var own, under *FieldError
		switch tok {
		case json.Delim('{'):
			seen := map[string]bool{}
			for dec.More() {
				tok, err := dec.Token()
				if err != nil {
					return nil, err
				}
				k, _ := tok.(string)
				if seen[k] && own == nil {
					own = fieldErrorf(join(field, k), "duplicate key")
				}
				seen[k] = true
				fe, err := walk(join(field, k))
				if err != nil {
					return nil, err
				}
				under = cmp.Or(under, fe)
			}
		case json.Delim('['):
			for i := 0; dec.More(); i++ {
				fe, err := walk(fmt.Sprintf("%s[%d]", field, i))
				if err != nil {
					return nil, err
				}
				under = cmp.Or(under, fe)
			}
		default:
			return nil, nil // a scalar
		}
		_, err = dec.Token() // the closing delimiter
		return cmp.Or(own, under), err
	}
	fe, _ := walk(prefix) // data is valid JSON
	return fe
}

// LoadFile reads and decodes the configuration file at path and validates
// it for the module at dir (see [Config.Validate]). Errors are prefixed
// with the path.
func LoadFile(path, dir string) (Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return Config{}, err
	}
	cfg, err := Decode(data)
	if err == nil {
		err = cfg.Validate(dir)
	}
	if err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// decodeJSON decodes a JSON document into a Config. It walks the generic
// value instead of using json.Decoder.DisallowUnknownFields so that every
// error names the full path of the field ("rules[1].singelton"), which the
// standard decoder does not do for fields inside lists. prefix is prepended
// to field paths.
func decodeJSON(data []byte, prefix string) (Config, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return Config{}, fieldErrorf(prefix, "%v", err)
	}
	return configFromValue(v, prefix)
}

// configFromValue converts a decoded JSON value into a Config; prefix is
// the value's field path.
func configFromValue(v any, prefix string) (Config, error) {
	if v == nil {
		return Config{}, nil // empty document or explicit null
	}
	return mappingOf(configKeys)(v, prefix)
}

// configKeys, ruleKeys and phaseKeys are the keys of a Config, a Rule and
// a Phase, in the order messages list them, and how each is decoded into
// its field.
func configKeys(c *Config) []key {
	return []key{
		{"rules", into(&c.Rules, listOf(ruleFrom))},
		{"constructors", into(&c.Constructors, listOf(stringOf))},
		{"test-constructors", into(&c.TestConstructors, listOf(stringOf))},
		{"phases", into(&c.Phases, listOf(phaseFrom))},
	}
}

func ruleKeys(r *Rule) []key {
	return []key{
		{"singleton", into(&r.Singleton, stringOf)},
		{"replacement", into(&r.Replacement, stringOf)},
		{"message", into(&r.Message, stringOf)},
	}
}

func phaseKeys(p *Phase) []key {
	return []key{
		{"name", into(&p.Name, stringOf)},
		{"paths", into(&p.Paths, listOf(stringOf))},
	}
}

var (
	ruleFrom  = mappingOf(ruleKeys)
	phaseFrom = mappingOf(phaseKeys)
)

// mappingOf returns the decoding of a mapping into a T; keys gives the
// keys of the T being filled.
func mappingOf[T any](keys func(*T) []key) func(v any, field string) (T, error) {
	return func(v any, field string) (T, error) {
		var x T
		if err := decodeMapping(v, field, keys(&x)...); err != nil {
			var zero T
			return zero, err
		}
		return x, nil
	}
}

// key is a key of a mapping and how to decode its value, at path field.
type key struct {
	name   string
	decode func(v any, field string) error
}

// into returns the decoding of a value with dec into *dst.
func into[T any](dst *T, dec func(v any, field string) (T, error)) func(v any, field string) error {
	return func(v any, field string) error {
		x, err := dec(v, field)
		*dst = x
		return err
	}
}

// decodeMapping decodes the mapping v, whose path is field and whose
// possible keys are keys (in the order messages list them). It decodes
// the keys in sorted order, so that the first error is always the same.
func decodeMapping(v any, field string, keys ...key) error {
	names := make([]string, len(keys))
	for i, k := range keys {
		names[i] = k.name
	}
	m, ok := v.(map[string]any)
	if !ok {
		return fieldErrorf(field, "want a mapping with keys %s and %s, got %s",
			strings.Join(names[:len(names)-1], ", "), names[len(names)-1], describe(v))
	}
	for _, name := range slices.Sorted(maps.Keys(m)) {
		i := slices.Index(names, name)
		if i < 0 {
			return fieldErrorf(join(field, name), "unknown field (known: %s)", strings.Join(names, ", "))
		}
		if err := keys[i].decode(m[name], join(field, name)); err != nil {
			return err
		}
	}
	return nil
}

// listOf returns the decoding of a list whose items item decodes.
func listOf[T any](item func(v any, field string) (T, error)) func(v any, field string) ([]T, error) {
	return func(v any, field string) ([]T, error) {
		list, ok := v.([]any)
		if !ok && v != nil {
			return nil, fieldErrorf(field, "want a list, got %s", describe(v))
		}
		var out []T
		for i, it := range list {
			x, err := item(it, fmt.Sprintf("%s[%d]", field, i))
			if err != nil {
				return nil, err
			}
			out = append(out, x)
		}
		return out, nil
	}
}

func stringOf(v any, field string) (string, error) {
	switch v := v.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	}
	return "", fieldErrorf(field, "want a string, got %s", describe(v))
}

// describe names a decoded JSON value's kind and, for scalars, its value.
func describe(v any) string {
	switch v := v.(type) {
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	case json.Number:
		return "number " + v.String()
	case bool:
		return fmt.Sprintf("boolean %t", v)
	case string:
		return fmt.Sprintf("string %q", v)
	}
	return fmt.Sprintf("%T", v)
}

// join appends a mapping's key to a field path. A key that is not a plain
// word is quoted, so that the path stays on one line and says where the
// key ends: rules[0]."sin gleton", "a\nb".
func join(prefix, key string) string {
	if !plainKey.MatchString(key) {
		key = strconv.Quote(key)
	}
	if prefix == "" {
		return key
	}
	return prefix + "." + key
}

var plainKey = regexp.MustCompile(`^[A-Za-z0-9_-]+$`)

// oneLine folds a multi-line parser message (yaml.v2 lists several
// problems on separate lines) into one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}
