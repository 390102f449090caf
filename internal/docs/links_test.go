package docs_test

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"unicode"
)

// root is the repository's top directory, seen from this package.
const root = "../.."

// siteURL is where diagnostics and docs link into this repository.
const siteURL = "https://github.com/factoryscope/factoryscope"

var (
	mdLink  = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	goLink  = regexp.MustCompile(regexp.QuoteMeta(siteURL) + `(/blob/main/[^"#\s]+)?(#[^"\s]*)?`)
	heading = regexp.MustCompile(`^#{1,6} +(.+?) *#*$`)
)

// TestLinks resolves every relative link and #anchor in README.md and docs/,
// and every link into this repository from Go code (diagnostic URLs).
func TestLinks(t *testing.T) {
	docs := markdownFiles(t)
	anchors := map[string]map[string]bool{}
	for _, f := range docs {
		anchors[f] = headingAnchors(readFile(t, f))
	}
	for _, f := range docs {
		for _, target := range links(readFile(t, f)) {
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			if strings.HasPrefix(target, "#") {
				target = filepath.Base(f) + target
			}
			if err := resolve(filepath.Dir(f), target, anchors); err != nil {
				t.Errorf("%s: link %q: %v", rel(f), target, err)
			}
		}
	}
	checked := 0
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != root || d.Name() == "bin") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") {
			return nil
		}
		for _, m := range goLink.FindAllStringSubmatch(readFile(t, path), -1) {
			file := "README.md"
			if m[1] != "" {
				file = strings.TrimPrefix(m[1], "/blob/main/")
			}
			if err := resolve(root, file+m[2], anchors); err != nil {
				t.Errorf("%s: URL %q: %v", rel(path), m[0], err)
			}
			checked++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if checked == 0 {
		t.Error("no link into the repository found in Go code; the diagnostic URLs are not checked")
	}
}

// resolve checks that target, relative to dir, names an existing file and,
// when it has one, an anchor of a heading in that markdown file.
func resolve(dir, target string, anchors map[string]map[string]bool) error {
	path, anchor, _ := strings.Cut(target, "#")
	file := filepath.Clean(filepath.Join(dir, path))
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("no such file %s", rel(file))
	}
	if anchor == "" {
		return nil
	}
	known, ok := anchors[file]
	if !ok {
		return fmt.Errorf("#%s: %s is not a markdown file of the docs", anchor, rel(file))
	}
	if !known[anchor] {
		return fmt.Errorf("no heading with anchor #%s in %s", anchor, rel(file))
	}
	return nil
}

// links returns the targets of the markdown links of text outside code.
func links(text string) []string {
	var out []string
	for _, line := range prose(text) {
		for _, m := range mdLink.FindAllStringSubmatch(line, -1) {
			out = append(out, m[1])
		}
	}
	return out
}

// headingAnchors returns the anchors GitHub gives the headings of text:
// lower case, punctuation dropped, spaces made hyphens, and "-1", "-2"...
// appended to repeats.
func headingAnchors(text string) map[string]bool {
	seen := map[string]int{}
	out := map[string]bool{}
	for _, line := range prose(text) {
		m := heading.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		slug := slugOf(m[1])
		if n := seen[slug]; n > 0 {
			out[fmt.Sprintf("%s-%d", slug, n)] = true
		} else {
			out[slug] = true
		}
		seen[slug]++
	}
	return out
}

func slugOf(title string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(title) {
		switch {
		case r == ' ':
			b.WriteRune('-')
		case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(r)
		}
	}
	return b.String()
}

// prose returns the lines of text outside fenced code blocks.
func prose(text string) []string {
	var out []string
	fenced := false
	for line := range strings.SplitSeq(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "```") {
			fenced = !fenced
			continue
		}
		if !fenced {
			out = append(out, line)
		}
	}
	return out
}

func markdownFiles(t *testing.T) []string {
	t.Helper()
	files := []string{filepath.Join(root, "README.md")}
	more, err := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range more {
		files = append(files, filepath.Clean(f))
	}
	return files
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func rel(path string) string {
	if r, err := filepath.Rel(root, path); err == nil {
		return r
	}
	return path
}
