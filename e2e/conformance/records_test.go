package conformance_test

import (
	"cmp"
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// A record is one site as a driver reports it, normalised so that the
// drivers' reports can be compared field by field.
type record struct {
	Pos      string // file:line:col, file relative to the workspace root, col in bytes from 1
	End      string // the same for the end of the range; "" if the driver does not give it
	Category string // "" if the driver does not give it
	Message  string
	// Fix is "" for a site without a fix; otherwise the fix's message,
	// then each file the fix changes, as it reads after the fix's edits
	// alone are applied to the unchanged file.
	Fix string
}

func (r record) String() string {
	s := fmt.Sprintf("%s-%s [%s] %s", r.Pos, r.End, r.Category, r.Message)
	if r.Fix != "" {
		title, _, _ := strings.Cut(r.Fix, "\n")
		s += fmt.Sprintf(" (fix %q)", title)
	}
	return s
}

func compareRecords(a, b record) int {
	return cmp.Or(strings.Compare(a.Pos, b.Pos), strings.Compare(a.Message, b.Message),
		strings.Compare(a.Category, b.Category), strings.Compare(a.End, b.End), strings.Compare(a.Fix, b.Fix))
}

// edit is a text edit of a fix, in byte offsets of the unchanged file.
type edit struct {
	file       string // absolute
	start, end int
	text       string
}

// fixed renders a fix as record.Fix: its message, then every file its
// edits touch (sorted), as "--- file\n" and the file's text after the
// edits. Edits that overlap are an error: no client can apply them.
func fixed(root, message string, edits []edit) (string, error) {
	byFile := map[string][]edit{}
	for _, e := range edits {
		byFile[e.file] = append(byFile[e.file], e)
	}
	var b strings.Builder
	b.WriteString(message)
	for _, file := range slices.Sorted(maps.Keys(byFile)) {
		es := byFile[file]
		// Insertions at one offset keep their order, as in every driver.
		slices.SortStableFunc(es, func(a, b edit) int { return a.start - b.start })
		src, err := os.ReadFile(file)
		if err != nil {
			return "", err
		}
		rel, err := filepath.Rel(root, file)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(&b, "\n--- %s\n", filepath.ToSlash(rel))
		last := 0
		for _, e := range es {
			if e.start < last || e.end < e.start || e.end > len(src) {
				return "", fmt.Errorf("fix %q: edit [%d,%d) of %s overlaps another or is out of range", message, e.start, e.end, rel)
			}
			b.Write(src[last:e.start])
			b.WriteString(e.text)
			last = e.end
		}
		b.Write(src[last:])
	}
	return b.String(), nil
}

// relPos turns go/token's "/abs/file.go:line:col" into the same relative
// to root.
func relPos(root, posn string) (string, error) {
	i := strings.LastIndex(posn, ".go:")
	if i < 0 {
		return "", fmt.Errorf("%q is not a position in a Go file", posn)
	}
	file, rest := posn[:i+len(".go")], posn[i+len(".go"):]
	rel, err := filepath.Rel(root, file)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", fmt.Errorf("%q is outside the workspace", posn)
	}
	return filepath.ToSlash(rel) + rest, nil
}

// fileOf returns the file of a record's position.
func fileOf(pos string) string {
	i := strings.LastIndex(pos, ".go:")
	return pos[:i+len(".go")]
}

// firstDifference shows where two renderings of a fix part, with some
// context, for a failure message.
func firstDifference(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-80)
	excerpt := func(s string) string { return s[from:min(len(s), i+80)] }
	return fmt.Sprintf("first difference at byte %d:\n\t%q\nvs\n\t%q", i, excerpt(a), excerpt(b))
}
