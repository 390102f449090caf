package singleton

import (
	"bytes"
	"cmp"
	"go/ast"
	"go/format"
	"go/token"
	"slices"

	"golang.org/x/tools/go/analysis"
)

// alignFixes adds to the fixes of the file src the whitespace edits that
// keep it gofmt-clean when all of them are applied. gofmt aligns the
// comments that end successive lines, so a fix that makes a line longer or
// shorter moves the comments of its neighbours. Each whitespace edit goes
// to the fix with the nearest edit, so that a fix applied alone realigns
// the lines around it too. A file that is not gofmt-clean to start with is
// left as it is, and so is one whose fixed form differs from gofmt's in
// more than whitespace.
func alignFixes(src *source, fixes []*analysis.SuggestedFix) {
	tf := src.tf
	var edits []analysis.TextEdit
	for _, fix := range fixes {
		edits = append(edits, fix.TextEdits...)
	}
	if src.src == nil || !endsLineNear(tf, src.src, src.file, edits) {
		return // formatting the file would be wasted
	}
	for _, e := range whitespaceEdits(tf, src.src, edits) {
		line := tf.Line(e.Pos)
		nearest := slices.MinFunc(fixes, func(a, b *analysis.SuggestedFix) int {
			return cmp.Compare(distance(tf, line, a), distance(tf, line, b))
		})
		nearest.TextEdits = append(nearest.TextEdits, e)
	}
}

// endsLineNear reports whether a comment ends a line of code in a run of
// non-blank lines that an edit touches: only there can a fix move the
// comments gofmt aligns.
func endsLineNear(tf *token.File, src []byte, file *ast.File, edits []analysis.TextEdit) bool {
	starts := tf.Lines() // line n starts at starts[n-1]; one lock, not one per line
	lineOf := func(line int) []byte {
		end := len(src)
		if line < len(starts) {
			end = starts[line]
		}
		return src[starts[line-1]:end]
	}
	blank := func(line int) bool { return len(bytes.TrimSpace(lineOf(line))) == 0 }
	within := func(runs [][2]int, first, last int) bool {
		return slices.ContainsFunc(runs, func(r [2]int) bool { return r[0] <= first && last <= r[1] })
	}
	var runs [][2]int // the lines of the runs around the edits
	for _, e := range edits {
		first, last := tf.Line(e.Pos), tf.Line(e.End)
		if within(runs, first, last) { // the run of an edit before: many sites in a function
			continue
		}
		for first > 1 && !blank(first-1) {
			first--
		}
		for last < len(starts) && !blank(last+1) {
			last++
		}
		runs = append(runs, [2]int{first, last})
	}
	for _, g := range file.Comments {
		c := g.List[0]
		line := tf.Line(c.Pos())
		code := len(bytes.TrimSpace(src[starts[line-1]:tf.Offset(c.Pos())])) > 0
		if code && within(runs, line, line) {
			return true
		}
	}
	return false
}

// distance is the number of lines between line and the nearest edit of fix.
func distance(tf *token.File, line int, fix *analysis.SuggestedFix) int {
	d := tf.LineCount()
	for _, e := range fix.TextEdits {
		d = min(d, max(tf.Line(e.Pos)-line, line-tf.Line(e.End), 0))
	}
	return d
}

// whitespaceEdits returns the edits of src's blanks that, with edits,
// give gofmt's output for src with edits, or nil when there are none or
// that cannot be done: src is not gofmt-clean, the edits overlap, gofmt
// changes more than blanks, or it changes the blanks next to an insertion.
func whitespaceEdits(tf *token.File, src []byte, edits []analysis.TextEdit) []analysis.TextEdit {
	if formatted, err := format.Source(src); err != nil || !bytes.Equal(formatted, src) {
		return nil
	}
	// The fixed text, in segments: copied from src (from >= 0) or written
	// by an edit (from < 0). Identical edits of several fixes apply once.
	type segment struct{ start, end, from int }
	type edit struct {
		start, end int
		text       string
	}
	var es []edit
	for _, e := range edits {
		es = append(es, edit{tf.Offset(e.Pos), tf.Offset(e.End), string(e.NewText)})
	}
	slices.SortFunc(es, func(a, b edit) int { return cmp.Or(a.start-b.start, a.end-b.end, cmp.Compare(a.text, b.text)) })
	es = slices.Compact(es)
	var out bytes.Buffer
	var segs []segment
	copyTo := func(from, to int) {
		segs = append(segs, segment{out.Len(), out.Len() + to - from, from})
		out.Write(src[from:to])
	}
	last := 0
	for i, e := range es {
		if e.start < last || i > 0 && e.start == es[i-1].start && e.end == e.start && es[i-1].end == e.start {
			return nil // the fixes conflict
		}
		copyTo(last, e.start)
		segs = append(segs, segment{out.Len(), out.Len() + len(e.text), -1})
		out.WriteString(e.text)
		last = e.end
	}
	copyTo(last, len(src))
	fixed := out.Bytes()
	want, err := format.Source(fixed)
	if err != nil || bytes.Equal(want, fixed) {
		return nil
	}
	var ws []analysis.TextEdit
	for _, h := range blankHunks(fixed, want) {
		// The hunk must lie in text copied from src; an insertion at the
		// edge of a fix's text would be ordered arbitrarily against it.
		i := slices.IndexFunc(segs, func(s segment) bool {
			return s.from >= 0 && s.start <= h.start && h.end <= s.end && (h.start < h.end || s.start < h.start && h.start < s.end)
		})
		if i < 0 {
			return nil
		}
		s := segs[i]
		pos := tf.Pos(s.from + h.start - s.start)
		ws = append(ws, analysis.TextEdit{Pos: pos, End: pos + token.Pos(h.end-h.start), NewText: []byte(h.text)})
	}
	return ws
}

// A hunk replaces the bytes from start to end of a text.
type hunk struct {
	start, end int
	text       string
}

// blankHunks returns the hunks that turn text into want, which must differ
// from it only in blanks (spaces, tabs, line breaks); otherwise nil.
func blankHunks(text, want []byte) []hunk {
	blanks := func(b []byte, i int) int {
		for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n') {
			i++
		}
		return i
	}
	var hunks []hunk
	i, j := 0, 0
	for {
		i2, j2 := blanks(text, i), blanks(want, j)
		if !bytes.Equal(text[i:i2], want[j:j2]) {
			hunks = append(hunks, hunk{i, i2, string(want[j:j2])})
		}
		i, j = i2, j2
		switch {
		case i == len(text) && j == len(want):
			return hunks
		case i == len(text) || j == len(want) || text[i] != want[j]:
			return nil
		}
		i, j = i+1, j+1
	}
}
