package importedit

import (
	"cmp"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"
)

// Import is a package the fixes of a file name and the file does not
// import (see File.Qualifier).
type Import struct {
	Path string
	// Name is the package's name, "" when it is not known: the name
	// derived from Path is then written explicitly, so the import compiles
	// whatever the package clause says.
	Name string
}

// Plan is the imports the fixes of one file add. It is made once per file
// from every fix's needs, so the edit adding an import is byte-identical
// in every fix that needs it and drivers that merge all fixes apply it
// once.
type Plan struct {
	f     *File
	names map[string]string // path -> name the fixes use
	edits map[string]Edit   // path -> edit adding its import; none when it cannot be added
}

// newImport is one import to add.
type newImport struct {
	path, name string
	alias      bool // write the name explicitly
}

// Plan names each import and places it. A name is the package's, or the
// first of name2, name3… that nothing in the package or the file takes.
func (f *File) Plan(imports []Import) *Plan {
	p := &Plan{f: f, names: map[string]string{}, edits: map[string]Edit{}}
	if len(imports) == 0 {
		return p
	}
	imports = slices.SortedFunc(slices.Values(imports), func(a, b Import) int { return strings.Compare(a.Path, b.Path) })
	imports = slices.CompactFunc(imports, func(a, b Import) bool { return a.Path == b.Path })
	taken := map[string]bool{} // names given to the imports added so far
	var adds []newImport
	for _, imp := range imports {
		base := identifier(cmp.Or(imp.Name, lastElem(imp.Path)))
		name := base
		for i := 2; taken[name] || f.nameUsed(name); i++ {
			name = base + strconv.Itoa(i)
		}
		taken[name] = true
		p.names[imp.Path] = name
		adds = append(adds, newImport{path: imp.Path, name: name, alias: imp.Name == "" || name != base || base != lastElem(imp.Path)})
	}
	p.place(adds)
	return p
}

// Add returns the name under which the fixes name path and the edit that
// imports it; ok is false when path was not planned or has no place (see
// place).
func (p *Plan) Add(path string) (name string, e Edit, ok bool) {
	e, ok = p.edits[path]
	return p.names[path], e, ok
}

// nameUsed reports whether an added import may not take name: it is
// declared in the package or anywhere in the file, names one of the file's
// imports, or is predeclared.
func (f *File) nameUsed(name string) bool {
	if f.pkg.Scope().Lookup(name) != nil || types.Universe.Lookup(name) != nil {
		return true
	}
	for _, spec := range f.file.Imports {
		if pn := f.info.PkgNameOf(spec); pn != nil && pn.Name() == name {
			return true
		}
	}
	used := false
	ast.Inspect(f.file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name && f.info.Defs[id] != nil {
			used = true
		}
		return !used
	})
	return used
}

// identifier turns the last element of an import path into a Go name.
func identifier(s string) string {
	s, _, _ = strings.Cut(s, ".")
	var b strings.Builder
	for _, r := range s {
		if r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' && b.Len() > 0 {
			b.WriteRune(r)
		}
	}
	if b.Len() == 0 {
		return "pkg"
	}
	return b.String()
}

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
// three when the next line starts with a tab, and further imports get no
// edit.
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
		for i, it := range g.items {
			sep := ""
			if it.newGroup && (i == 0 || !g.items[i-1].newGroup) {
				sep = "\n"
			}
			if !g.nl.IsValid() || i > 2 || i == 2 && (block == nil || sep != "" || !f.tabAt(g.nl+1)) {
				continue
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
