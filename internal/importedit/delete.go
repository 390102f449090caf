package importedit

import (
	"go/ast"
	"go/token"
	"go/types"
	"maps"
	"slices"
	"strconv"
)

// Deletion is what Delete does with an import.
type Deletion int

const (
	// Deleted means the edit deletes the import's lines.
	Deleted Deletion = iota
	// Kept means no edit: the import is alone in its declaration, which
	// deleting it would rewrite (drivers that apply every fix, like -fix,
	// remove unused imports anyway), or its lines are too near the file's
	// start or end to delete with a line break.
	Kept
	// Blocked means no edit: every way to delete the import's lines would
	// take along a place where the plan inserts an import, or the import
	// is a group of its own that another fix adds to (see Delete).
	Blocked
)

func (d Deletion) String() string {
	switch d {
	case Deleted:
		return "Deleted"
	case Kept:
		return "Kept"
	case Blocked:
		return "Blocked"
	}
	return "Deletion(" + strconv.Itoa(int(d)) + ")"
}

// Delete returns the edit that deletes the import that declares pn, with
// its doc and line comments. own are the other edits of the same fix: a
// group that the import was alone in loses a blank line with it, unless
// own inserts into that group. The edit never covers the offsets at which
// the plan inserts, nor moves an import the plan adds into another group,
// so that it merges with every other fix's imports.
func (p *Plan) Delete(pn *types.PkgName, own []Edit) (Edit, Deletion) {
	f, tf := p.f, p.f.tf
	i := slices.IndexFunc(f.file.Imports, func(spec *ast.ImportSpec) bool { return f.info.PkgNameOf(spec) == pn })
	if i < 0 {
		return Edit{}, Kept
	}
	spec := f.file.Imports[i]
	start, end := spec.Pos(), spec.End()
	if spec.Doc != nil {
		start = spec.Doc.Pos()
	}
	if spec.Comment != nil {
		end = spec.Comment.End()
	}
	var decl *ast.GenDecl
	for _, d := range f.file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT && gd.Pos() <= start && end <= gd.End() {
			decl = gd
		}
	}
	if decl == nil || len(decl.Specs) == 1 {
		return Edit{}, Kept
	}
	// Delete the spec's lines with the line break before them, so that
	// imports the plan inserts around them still apply.
	first, last := tf.Line(start), tf.Line(end)
	if first < 2 || last+1 >= tf.LineCount() {
		return Edit{}, Kept
	}
	blank := func(l int) bool { return l < tf.LineCount() && tf.LineStart(l+1)-tf.LineStart(l) == 1 }
	lines := func(first, last int) (token.Pos, token.Pos) { return tf.LineStart(first) - 1, tf.LineStart(last+1) - 1 }
	from, to := lines(first, last)
	all := slices.Collect(maps.Values(p.edits))
	inside := func(from, to token.Pos, edits []Edit) bool {
		return slices.ContainsFunc(edits, func(e Edit) bool { return from < e.Pos && e.Pos < to })
	}
	// into reports whether one of edits adds an import to the spec's
	// group, at either end of its lines.
	into := func(edits []Edit) bool {
		return slices.ContainsFunc(edits, func(e Edit) bool {
			nl, ok := p.joins[e.Pos]
			return ok && e.End == e.Pos && (nl == from || nl == to)
		})
	}
	// A group the spec is alone in goes with one blank line, unless this
	// fix adds to it. Then no other fix may add to it: that import would
	// join the group beside it, or, were the blank line kept, this fix
	// alone would leave two line breaks in a row, which gofmt removes.
	var group [2]token.Pos
	switch {
	case blank(first-1) && (blank(last+1) || last+1 == tf.Line(decl.Rparen)):
		group[0], group[1] = lines(first-1, last)
	case first-1 == tf.Line(decl.Lparen) && blank(last+1):
		group[0], group[1] = lines(first, last+1)
	}
	if group[0].IsValid() && !inside(group[0], group[1], own) && !into(own) {
		if inside(group[0], group[1], all) || into(all) {
			return Edit{}, Blocked
		}
		return Edit{Pos: group[0], End: group[1]}, Deleted
	}
	// An import the plan inserts inside the deleted text would be lost, so
	// try the same lines with their line break after them, then shifted
	// past the next line's indent (the plan inserts at those offsets too).
	for _, r := range [][2]token.Pos{
		{from, to},
		{tf.LineStart(first), tf.LineStart(last + 1)},
		{tf.LineStart(first) + 1, tf.LineStart(last+1) + 1},
	} {
		if r[0] == tf.LineStart(first)+1 && (start != r[0] || !f.tabAt(r[0]-1) || !f.tabAt(r[1]-1)) {
			continue
		}
		if !inside(r[0], r[1], all) {
			return Edit{Pos: r[0], End: r[1]}, Deleted
		}
	}
	return Edit{}, Blocked
}
