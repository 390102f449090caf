package main

import (
	"fmt"
	"strings"
)

// This file writes unified diffs for -diff. (x/tools' internal diff
// package, which multichecker used, numbers the new side of a hunk wrongly
// after an earlier hunk that added or removed lines, so git apply and
// patch warned about offsets.)

// unifiedDiff returns a unified diff from before to after with context
// lines of context around each change, or "" when they are equal. The file
// names go into the "--- a/" and "+++ b/" header lines unchanged.
func unifiedDiff(oldName, newName, before, after string, context int) string {
	a, b := splitLines(before), splitLines(after)
	ops := diffLines(a, b)

	var out strings.Builder
	for i := 0; i < len(ops); {
		// Find the next change and the extent of its hunk: changes
		// separated by at most 2*context equal lines share one hunk.
		for i < len(ops) && ops[i].kind == opEqual {
			i++
		}
		if i == len(ops) {
			break
		}
		start := max(0, i-context)
		end := i // one past the last change in the hunk
		for j := i; j < len(ops); j++ {
			if ops[j].kind != opEqual {
				end = j + 1
			} else if j-end >= 2*context {
				break
			}
		}
		stop := min(len(ops), end+context)

		if out.Len() == 0 {
			fmt.Fprintf(&out, "--- a/%s\n+++ b/%s\n", oldName, newName)
		}
		oldStart, newStart := ops[start].a, ops[start].b
		var oldCount, newCount int
		for _, op := range ops[start:stop] {
			if op.kind != opInsert {
				oldCount++
			}
			if op.kind != opDelete {
				newCount++
			}
		}
		fmt.Fprintf(&out, "@@ -%s +%s @@\n", hunkRange(oldStart, oldCount), hunkRange(newStart, newCount))
		for _, op := range ops[start:stop] {
			var line string
			switch op.kind {
			case opEqual:
				out.WriteByte(' ')
				line = a[op.a]
			case opDelete:
				out.WriteByte('-')
				line = a[op.a]
			case opInsert:
				out.WriteByte('+')
				line = b[op.b]
			}
			out.WriteString(line)
			if !strings.HasSuffix(line, "\n") {
				out.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = stop
	}
	return out.String()
}

// hunkRange formats one side of a hunk header: the 1-based first line and
// the number of lines; an empty range names the line before it.
func hunkRange(start, count int) string {
	if count == 0 {
		return fmt.Sprintf("%d,0", start)
	}
	return fmt.Sprintf("%d,%d", start+1, count)
}

// splitLines splits s into lines, each with its "\n" except perhaps the
// last.
func splitLines(s string) []string {
	var lines []string
	for line := range strings.Lines(s) {
		lines = append(lines, line)
	}
	return lines
}

type opKind int

const (
	opEqual opKind = iota
	opDelete
	opInsert
)

// lineOp is one step of an edit script: a[a] kept as b[b], a[a] deleted,
// or b[b] inserted. For every op, a and b are the indexes of the next
// lines of each side, so an insertion's a is where it goes in the old file.
type lineOp struct {
	kind opKind
	a, b int
}

// diffLines returns a shortest edit script from a to b (Myers' O(ND)
// algorithm in linear space), deletions before insertions within a change.
func diffLines(a, b []string) []lineOp {
	// Compare lines as small integers.
	ids := make(map[string]int)
	intern := func(lines []string) []int {
		out := make([]int, len(lines))
		for i, l := range lines {
			id, ok := ids[l]
			if !ok {
				id = len(ids)
				ids[l] = id
			}
			out[i] = id
		}
		return out
	}
	d := &differ{
		a: intern(a), b: intern(b),
		deleted: make([]bool, len(a)), inserted: make([]bool, len(b)),
		off: len(b) + 1,
	}
	d.fd = make([]int, len(a)+len(b)+3)
	d.bd = make([]int, len(a)+len(b)+3)
	d.compare(0, len(a), 0, len(b))

	var ops []lineOp
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		switch {
		case i < len(a) && d.deleted[i]:
			ops = append(ops, lineOp{opDelete, i, j})
			i++
		case j < len(b) && d.inserted[j]:
			ops = append(ops, lineOp{opInsert, i, j})
			j++
		default:
			ops = append(ops, lineOp{opEqual, i, j})
			i++
			j++
		}
	}
	return ops
}

// differ finds a shortest edit script by divide and conquer on the middle
// snake (Myers 1986, section 4b; the layout follows GNU diff's diffseq.h).
// Diagonal k holds the points with x-y = k; fd[k+off] is the furthest x
// a forward path reached on it, bd[k+off] the smallest x of a backward one.
type differ struct {
	a, b              []int
	deleted, inserted []bool
	fd, bd            []int
	off               int
}

func (d *differ) compare(xoff, xlim, yoff, ylim int) {
	for xoff < xlim && yoff < ylim && d.a[xoff] == d.b[yoff] {
		xoff, yoff = xoff+1, yoff+1
	}
	for xoff < xlim && yoff < ylim && d.a[xlim-1] == d.b[ylim-1] {
		xlim, ylim = xlim-1, ylim-1
	}
	switch {
	case xoff == xlim:
		for y := yoff; y < ylim; y++ {
			d.inserted[y] = true
		}
	case yoff == ylim:
		for x := xoff; x < xlim; x++ {
			d.deleted[x] = true
		}
	default:
		x, y := d.middle(xoff, xlim, yoff, ylim)
		d.compare(xoff, x, yoff, y)
		d.compare(x, xlim, y, ylim)
	}
}

// middle returns a point on a shortest path from (xoff, yoff) to
// (xlim, ylim) that splits it into two paths of at most half its cost.
// Both ranges are non-empty and their first and last lines differ, so the
// cost is at least 2 and each half costs at least 1.
func (d *differ) middle(xoff, xlim, yoff, ylim int) (int, int) {
	const (
		minusInf = -1
		plusInf  = int(^uint(0) >> 1)
	)
	fd := func(k int) *int { return &d.fd[k+d.off] }
	bd := func(k int) *int { return &d.bd[k+d.off] }

	dmin, dmax := xoff-ylim, xlim-yoff // the diagonals of the rectangle
	// widen moves each end of the diagonals lo..hi of one direction a
	// step out, or a step in where it meets the rectangle's edge, and
	// marks the diagonal just outside a moved-out end with inf, so that
	// no path of the next step is extended from there.
	widen := func(lo, hi int, v func(k int) *int, inf int) (int, int) {
		if lo > dmin {
			lo--
			*v(lo - 1) = inf
		} else {
			lo++
		}
		if hi < dmax {
			hi++
			*v(hi + 1) = inf
		} else {
			hi--
		}
		return lo, hi
	}
	fmid, bmid := xoff-yoff, xlim-ylim // where the paths start
	fmin, fmax, bmin, bmax := fmid, fmid, bmid, bmid
	odd := (fmid-bmid)&1 != 0
	*fd(fmid) = xoff
	*bd(bmid) = xlim
	for {
		// One more step forward, on diagonals fmin..fmax.
		fmin, fmax = widen(fmin, fmax, fd, minusInf)
		for k := fmax; k >= fmin; k -= 2 {
			lo, hi := *fd(k - 1), *fd(k + 1)
			x := lo + 1
			if lo < hi {
				x = hi
			}
			y := x - k
			for x < xlim && y < ylim && d.a[x] == d.b[y] {
				x, y = x+1, y+1
			}
			*fd(k) = x
			if odd && bmin <= k && k <= bmax && *bd(k) <= x {
				return x, y
			}
		}
		// One more step backward, on diagonals bmin..bmax.
		bmin, bmax = widen(bmin, bmax, bd, plusInf)
		for k := bmax; k >= bmin; k -= 2 {
			lo, hi := *bd(k - 1), *bd(k + 1)
			x := hi - 1
			if lo < hi {
				x = lo
			}
			y := x - k
			for xoff < x && yoff < y && d.a[x-1] == d.b[y-1] {
				x, y = x-1, y-1
			}
			*bd(k) = x
			if !odd && fmin <= k && k <= fmax && x <= *fd(k) {
				return x, y
			}
		}
	}
}
