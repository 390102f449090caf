package importedit

import (
	"go/ast"
	"go/token"
	"slices"
	"strconv"
	"strings"
)

// gap is a line break in the file where imports are inserted.
type gap struct {
	nl    token.Pos // the '\n' ending the line before the new ones
	items []gapItem
}

type gapItem struct {
	add      newImport
	newGroup bool // separate from the lines above by a blank line
}

// place computes the edit for each added import. Imports go into the
// first import block at the place gofmt keeps them: sorted within the
// group of standard or of other packages; without a block, after the last
// import declaration or the package clause. Each gap between existing
// lines offers distinct offsets (just before and just after its '\n', and
// after the tab that indents the next line), so every import has an edit
// of its own that merges with the others; a gap holds two imports, or
// three when the next line starts with a tab, or one when the next line
// is blank and another gap's (between two groups), and further imports
// get no edit. A new group's first import writes the blank line before it; a
// later one writes one of its own when a fix adds it without the first,
// which alone would leave it in the group above (with the first, such
// fixes leave two groups).
func (p *Plan) place(adds []newImport) {
	f := p.f
	var block *ast.GenDecl
	var lastDecl *ast.GenDecl
	for _, d := range f.file.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.IMPORT {
			lastDecl = gd
			if block == nil && gd.Lparen.IsValid() {
				block = gd
			}
		}
	}
	gaps := map[token.Pos]*gap{}
	put := func(nl token.Pos, it gapItem) {
		if gaps[nl] == nil {
			gaps[nl] = &gap{nl: nl}
		}
		gaps[nl].items = append(gaps[nl].items, it)
	}
	for _, a := range adds {
		switch {
		case block != nil:
			nl, newGroup := f.blockGap(block, a.path)
			put(nl, gapItem{a, newGroup})
		case lastDecl != nil:
			put(f.lineEnd(lastDecl.End()), gapItem{a, false})
		default:
			put(f.lineEnd(f.file.Name.End()), gapItem{a, true})
		}
	}
	for _, g := range gaps {
		slices.SortFunc(g.items, func(x, y gapItem) int {
			if x.newGroup != y.newGroup {
				if x.newGroup {
					return 1
				}
				return -1
			}
			return strings.Compare(x.add.path+" "+x.add.name, y.add.path+" "+y.add.name)
		})
		opener := -1 // the first item of a new group, which writes its blank line
		for i, it := range g.items {
			sep := ""
			if it.newGroup && opener < 0 {
				opener = i
			}
			// A later item writes a blank line too when a fix adds it
			// without the opener: alone, it would join the group above.
			if it.newGroup && (i == opener || p.without(it.add.path, g.items[opener].add.path)) {
				sep = "\n"
			}
			if !g.nl.IsValid() || i > 2 || i == 2 && (block == nil || sep != "" || !f.tabAt(g.nl+1)) {
				continue
			}
			if i == 1 && gaps[g.nl+1] != nil {
				continue // a blank line follows, whose '\n' the next gap inserts before
			}
			line := strconv.Quote(it.add.path)
			if it.add.alias {
				line = it.add.name + " " + line
			}
			if block != nil {
				line = "\t" + line
			} else {
				line = "import " + line
			}
			text, at := "\n"+sep+line, g.nl // before the '\n'
			switch i {
			case 1:
				text, at = sep+line+"\n", g.nl+1 // after it
			case 2:
				text, at = line[1:]+"\n\t", g.nl+2 // after the next line's tab
			}
			p.edits[it.add.path] = Edit{Pos: at, End: at, NewText: []byte(text)}
			if !it.newGroup {
				p.joins[at] = g.nl
			}
		}
	}
}

// blockGap returns where path goes in an import block: the '\n' after which
// it is inserted and whether it starts a new group.
func (f *File) blockGap(block *ast.GenDecl, path string) (token.Pos, bool) {
	tf := f.tf
	std := isStd(path)
	// Split the specs into runs of successive lines, as gofmt does.
	var groups [][]*ast.ImportSpec
	last := 0
	for i, s := range block.Specs {
		spec := s.(*ast.ImportSpec)
		if i == 0 || tf.Line(spec.Pos()) > last+1 {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], spec)
		last = tf.Line(spec.End())
	}
	if len(groups) == 0 {
		return f.lineEnd(block.Lparen), false
	}
	pick := -1
	for i, g := range groups {
		if slices.ContainsFunc(g, func(s *ast.ImportSpec) bool { return isStd(specPath(s)) == std }) {
			pick = i
			if std {
				break // standard library: the first such group
			}
		}
	}
	if pick < 0 {
		if std {
			pick = 0
		} else { // a new group after the last one
			lastSpec := block.Specs[len(block.Specs)-1]
			return f.lineEnd(lastSpec.End()), true
		}
	}
	for _, s := range groups[pick] {
		if specPath(s) > path {
			start := s.Pos()
			if s.Doc != nil {
				start = s.Doc.Pos()
			}
			return f.lineBefore(start), false
		}
	}
	g := groups[pick]
	return f.lineEnd(g[len(g)-1].End()), false
}
