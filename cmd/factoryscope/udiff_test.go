package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// lcs is the length of a longest common subsequence, by dynamic
// programming: the reference for the edit script's length.
func lcs(a, b []string) int {
	prev, cur := make([]int, len(b)+1), make([]int, len(b)+1)
	for i := range a {
		for j := range b {
			if a[i] == b[j] {
				cur[j+1] = prev[j] + 1
			} else {
				cur[j+1] = max(prev[j+1], cur[j])
			}
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// TestDiffLinesShortest checks on random line sequences that the edit
// script turns a into b and is a shortest one.
func TestDiffLinesShortest(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	gen := func() []string {
		lines := make([]string, r.IntN(30))
		for i := range lines {
			lines[i] = string(rune('a'+r.IntN(4))) + "\n"
		}
		return lines
	}
	for range 3000 {
		a, b := gen(), gen()
		ops := diffLines(a, b)
		var got []string
		edits := 0
		for _, op := range ops {
			switch op.kind {
			case opEqual:
				if a[op.a] != b[op.b] {
					t.Fatalf("a[%d] = %q kept as b[%d] = %q", op.a, a[op.a], op.b, b[op.b])
				}
				got = append(got, a[op.a])
			case opInsert:
				got = append(got, b[op.b])
				edits++
			case opDelete:
				edits++
			}
		}
		if strings.Join(got, "") != strings.Join(b, "") {
			t.Fatalf("script for %q -> %q gives %q", a, b, got)
		}
		if want := len(a) + len(b) - 2*lcs(a, b); edits != want {
			t.Fatalf("script for %q -> %q has %d edits, want %d", a, b, edits, want)
		}
	}
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// applyStrict applies a unified diff to old, requiring every hunk at
// exactly the lines its header gives on both sides (no offset, no fuzz),
// the counts to match the hunk's lines, and the context to match.
func applyStrict(old, patch string) (string, error) {
	a := splitLines(old)
	lines := strings.SplitAfter(patch, "\n")
	if len(lines) < 2 || !strings.HasPrefix(lines[0], "--- a/") || !strings.HasPrefix(lines[1], "+++ b/") {
		return "", fmt.Errorf("no header: %q", patch)
	}
	var out []string
	next := 0  // next line of a to copy
	delta := 0 // new line number minus old line number after the hunks so far
	for i := 2; i < len(lines) && lines[i] != ""; {
		m := hunkHeader.FindStringSubmatch(strings.TrimSuffix(lines[i], "\n"))
		if m == nil {
			return "", fmt.Errorf("line %d: not a hunk header: %q", i+1, lines[i])
		}
		num := func(s string) int {
			if s == "" {
				return 1
			}
			n, _ := strconv.Atoi(s)
			return n
		}
		oldStart, oldCount, newStart, newCount := num(m[1]), num(m[2]), num(m[3]), num(m[4])
		first := oldStart - 1 // index of the hunk's first old line
		if oldCount == 0 {
			first = oldStart
		}
		if want := first + 1 + delta; newCount > 0 && newStart != want || newCount == 0 && newStart != want-1 {
			return "", fmt.Errorf("hunk %q: new side starts at %d, want %d", lines[i], newStart, want)
		}
		if first < next {
			return "", fmt.Errorf("hunk %q overlaps the previous one", lines[i])
		}
		out = append(out, a[next:first]...)
		next = first
		i++
		var o, n int
		for ; i < len(lines) && lines[i] != "" && !strings.HasPrefix(lines[i], "@@"); i++ {
			l := lines[i]
			text := l[1:]
			if i+1 < len(lines) && strings.HasPrefix(lines[i+1], `\ No newline at end of file`) {
				text = strings.TrimSuffix(text, "\n")
				i++
			}
			switch l[0] {
			case ' ', '-':
				if next >= len(a) || a[next] != text {
					return "", fmt.Errorf("line %d of old: %q, hunk has %q", next+1, a[min(next, len(a)-1)], text)
				}
				next++
				o++
				if l[0] == ' ' {
					out = append(out, text)
					n++
				}
			case '+':
				out = append(out, text)
				n++
			default:
				return "", fmt.Errorf("bad hunk line %q", l)
			}
		}
		if o != oldCount || n != newCount {
			return "", fmt.Errorf("hunk @@ -%d,%d +%d,%d @@ has %d old and %d new lines", oldStart, oldCount, newStart, newCount, o, n)
		}
		delta += newCount - oldCount
	}
	return strings.Join(append(out, a[next:]...), ""), nil
}

func numbered(from, to int, prefix string) string {
	var b strings.Builder
	for i := from; i <= to; i++ {
		fmt.Fprintf(&b, "%s%d\n", prefix, i)
	}
	return b.String()
}

// diffCases are pairs of files whose diffs must apply exactly.
var diffCases = []struct {
	name     string
	old, new string
}{
	{"only grows: insertions far apart", numbered(1, 100, "line "),
		numbered(1, 10, "line ") + "new a\nnew b\n" + numbered(11, 50, "line ") + "new c\n" + numbered(51, 90, "line ") + "new d\nnew e\nnew f\n" + numbered(91, 100, "line ") + "new g\n"},
	{"only shrinks: deletions far apart", numbered(1, 100, "line "),
		numbered(2, 30, "line ") + numbered(34, 70, "line ") + numbered(72, 99, "line ")},
	{"insertions close together share a hunk", numbered(1, 20, "line "),
		numbered(1, 5, "line ") + "x\n" + numbered(6, 11, "line ") + "y\n" + numbered(12, 20, "line ")},
	{"replacements", numbered(1, 40, "line "),
		numbered(1, 3, "line ") + "three\n" + numbered(5, 20, "line ") + "twenty-one\ntwenty-two\n" + numbered(23, 40, "line ")},
	{"at the start and the end", numbered(1, 10, "line "), "first\n" + numbered(2, 10, "line ") + "last\n"},
	{"from empty", "", "a\nb\n"},
	{"to empty", "a\nb\n", ""},
	{"no newline at the end of the old file", "a\nb\nc", "a\nb\nc\n"},
	{"no newline at the end of either", "a\nb\nc", "a\nB\nc"},
}

func TestUnifiedDiffApplies(t *testing.T) {
	t.Parallel()
	for _, tt := range diffCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			patch := unifiedDiff("f.go", "f.go", tt.old, tt.new, 3)
			got, err := applyStrict(tt.old, patch)
			if err != nil {
				t.Fatalf("%v\n%s", err, patch)
			}
			if got != tt.new {
				t.Errorf("applying\n%s\ngives\n%q, want\n%q", patch, got, tt.new)
			}
		})
	}
	if d := unifiedDiff("f.go", "f.go", "a\n", "a\n", 3); d != "" {
		t.Errorf("diff of equal files: %q, want none", d)
	}
}

// TestUnifiedDiffTools applies the diffs with git apply and patch, which
// must accept them without an offset or fuzz.
func TestUnifiedDiffTools(t *testing.T) {
	t.Parallel()
	for _, tool := range []string{"git", "patch"} {
		if _, err := exec.LookPath(tool); err != nil {
			t.Skipf("no %s: %v", tool, err)
		}
	}
	for _, tt := range diffCases {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			if tt.old != "" { // git apply wants a creation patch for a new file
				writeTestFile(t, filepath.Join(dir, "f.go"), tt.old)
			} else {
				t.Skip("creating a file is not something -fix does")
			}
			patch := writeTestFile(t, filepath.Join(t.TempDir(), "p.diff"), unifiedDiff("f.go", "f.go", tt.old, tt.new, 3))
			checkApplies(t, dir, patch)
		})
	}
}

// checkApplies runs git apply --check and patch --dry-run on the patch in
// dir (a git repository is made there for git) and fails if either fails
// or mentions an offset or fuzz.
func checkApplies(t *testing.T, dir, patch string) {
	t.Helper()
	for _, args := range [][]string{
		{"git", "init", "-q"},
		{"git", "apply", "--check", "-v", patch},
		{"patch", "-p1", "--dry-run", "-i", patch},
	} {
		cmd := exec.Command(args[0], args[1:]...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil || strings.Contains(strings.ToLower(string(out)), "offset") || strings.Contains(strings.ToLower(string(out)), "fuzz") {
			data, _ := os.ReadFile(patch)
			t.Errorf("%s: %v\n%s\npatch:\n%s", strings.Join(args, " "), err, out, data)
		}
	}
}

func writeTestFile(t *testing.T, path, content string) string {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
