package singleton

import (
	"fmt"
	"go/ast"
	"go/token"
	"go/types"
	"slices"
	"strconv"
	"strings"

	"golang.org/x/tools/go/analysis"
)

// pkgRef is a package-level object the fix names at a site: bare, through
// an import visible there, or through an import the fix adds.
type pkgRef struct {
	path, name string
	qual       string // "pkg." or "" once resolved
	newImport  bool   // qual comes from the file's import plan
}

// qualify decides how the site can name ref. It fails when the name is
// shadowed at the site and no import can be added.
func (st *state) qualify(file *ast.File, inner *types.Scope, pos token.Pos, ref *pkgRef) string {
	if ref.path == st.pass.Pkg.Path() {
		if _, o := inner.LookupParent(ref.name, pos); o != nil && o.Parent() == st.pass.Pkg.Scope() {
			return ""
		}
		return fmt.Sprintf("%s is shadowed here", ref.name)
	}
	for _, spec := range file.Imports {
		if path, _ := strconv.Unquote(spec.Path.Value); path != ref.path {
			continue
		}
		if spec.Name != nil && spec.Name.Name == "." {
			if _, o := inner.LookupParent(ref.name, pos); o != nil && o.Pkg() != nil && o.Pkg().Path() == ref.path {
				return ""
			}
			continue
		}
		pn := st.pass.TypesInfo.PkgNameOf(spec)
		if pn == nil || pn.Name() == "_" {
			continue
		}
		if _, o := inner.LookupParent(pn.Name(), pos); o == pn {
			ref.qual = pn.Name() + "."
			return ""
		}
	}
	if !st.importable(ref.path) {
		return fmt.Sprintf("this package may not import %s", ref.path)
	}
	ref.newImport = true
	return ""
}

// importable reports whether the package may import path: it is a
// dependency already (so no cycle), not a command, and internal/ allows it.
func (st *state) importable(path string) bool {
	if path == st.pass.Pkg.Path() {
		return true
	}
	if p := st.visible[path]; p != nil && p.Name() == "main" || p == nil && st.ctors.Lookup(path) == nil {
		return false
	}
	parent, ok := "", false
	switch i := strings.LastIndex(path, "/internal/"); {
	case i >= 0:
		parent, ok = path[:i], true
	case strings.HasSuffix(path, "/internal"):
		parent, ok = strings.TrimSuffix(path, "/internal"), true
	case path == "internal" || strings.HasPrefix(path, "internal/"):
		return false
	}
	if !ok {
		return true
	}
	from := strings.TrimSuffix(st.pass.Pkg.Path(), "_test")
	return from == parent || strings.HasPrefix(from, parent+"/")
}

// importPlan is the set of imports the fixes of one file add. It is built
// once per file from every site's needs, so the edit adding an import is
// byte-identical in every fix that needs it and drivers that merge all
// fixes (golangci-lint, -fix) apply it once.
type importPlan struct {
	names  map[string]string            // path -> name the fixes use
	edits  map[string]analysis.TextEdit // path -> edit adding its import
	failed map[string]bool              // paths that cannot be added
}

// newImport is one import to add.
type newImport struct {
	path, name string
	alias      bool // write the name explicitly
}

func (st *state) planImports(file *ast.File, paths []string) *importPlan {
	plan := &importPlan{names: map[string]string{}, edits: map[string]analysis.TextEdit{}, failed: map[string]bool{}}
	if len(paths) == 0 {
		return plan
	}
	taken := map[string]bool{} // names given to the imports added so far
	var adds []newImport
	for _, path := range paths {
		base, known := lastElem(path), false
		if p := st.visible[path]; p != nil {
			base, known = p.Name(), true
		}
		base = identifier(base)
		name := base
		for i := 2; taken[name] || st.nameUsed(file, name); i++ {
			name = base + strconv.Itoa(i)
		}
		taken[name] = true
		plan.names[path] = name
		adds = append(adds, newImport{path: path, name: name, alias: !known || name != base || base != lastElem(path)})
	}
	st.placeImports(file, plan, adds)
	return plan
}

// nameUsed reports whether an added import may not take name: it is
// declared in the package or anywhere in the file, names one of the file's
// imports, or is predeclared.
func (st *state) nameUsed(file *ast.File, name string) bool {
	if st.pass.Pkg.Scope().Lookup(name) != nil || types.Universe.Lookup(name) != nil {
		return true
	}
	for _, spec := range file.Imports {
		if pn := st.pass.TypesInfo.PkgNameOf(spec); pn != nil && pn.Name() == name {
			return true
		}
	}
	used := false
	ast.Inspect(file, func(n ast.Node) bool {
		if id, ok := n.(*ast.Ident); ok && id.Name == name && st.pass.TypesInfo.Defs[id] != nil {
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

// placeImports computes the edit for each added import. Imports go into the
// main import block at the place gofmt keeps them: sorted within the group
// of standard or of other packages. Each gap between existing lines offers
// distinct offsets (just before and just after its '\n', and after the
// tab that indents the next line), so every import has an edit of its own
// that merges with the others; a gap holds two imports, or three when the
// next line starts with a tab, and further imports are not added.
func (st *state) placeImports(file *ast.File, plan *importPlan, adds []newImport) {
	tf := st.pass.Fset.File(file.Pos())
	lineEnd := func(p token.Pos) token.Pos { // the '\n' ending p's line
		l := tf.Line(p)
		if l >= tf.LineCount() {
			return token.NoPos
		}
		return tf.LineStart(l+1) - 1
	}
	lineBefore := func(p token.Pos) token.Pos { return tf.LineStart(tf.Line(p)) - 1 }

	var block *ast.GenDecl
	var lastDecl *ast.GenDecl
	for _, d := range file.Decls {
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
			nl, newGroup := blockGap(tf, block, a.path, lineEnd, lineBefore)
			put(nl, gapItem{a, newGroup})
		case lastDecl != nil:
			put(lineEnd(lastDecl.End()), gapItem{a, false})
		default:
			put(lineEnd(file.Name.End()), gapItem{a, true})
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
			if !g.nl.IsValid() || i > 2 || i == 2 && (block == nil || sep != "" || !st.tabAt(tf, g.nl+1)) {
				plan.failed[it.add.path] = true
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
			plan.edits[it.add.path] = analysis.TextEdit{Pos: at, End: at, NewText: []byte(text)}
		}
	}
}

// tabAt reports whether the file has a tab at p.
func (st *state) tabAt(tf *token.File, p token.Pos) bool {
	src, err := st.pass.ReadFile(tf.Name())
	off := tf.Offset(p)
	return err == nil && tf.Size() == len(src) && off < len(src) && src[off] == '\t'
}

// blockGap returns where path goes in an import block: the '\n' after which
// it is inserted and whether it starts a new group.
func blockGap(tf *token.File, block *ast.GenDecl, path string, lineEnd, lineBefore func(token.Pos) token.Pos) (token.Pos, bool) {
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
		return lineEnd(block.Lparen), false
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
			return lineEnd(lastSpec.End()), true
		}
	}
	for _, s := range groups[pick] {
		if specPath(s) > path {
			start := s.Pos()
			if s.Doc != nil {
				start = s.Doc.Pos()
			}
			return lineBefore(start), false
		}
	}
	g := groups[pick]
	return lineEnd(g[len(g)-1].End()), false
}

func specPath(s *ast.ImportSpec) string {
	p, _ := strconv.Unquote(s.Path.Value)
	return p
}

func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}
