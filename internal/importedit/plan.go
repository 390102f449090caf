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
	fixes [][]Import
	names map[string]string // path -> name the fixes use
	edits map[string]Edit   // path -> edit adding its import; none when it cannot be added
	// joins maps the offset of each edit that adds an import to an
	// existing group (not starting a new one) to the '\n' of its gap.
	joins map[token.Pos]token.Pos
}

// newImport is one import to add.
type newImport struct {
	path, name string
	alias      bool // write the name explicitly
}

// Plan names and places the imports that fixes need, one list per fix. A
// name is the package's, or the first of name2, name3… that nothing in the
// package or the file takes. Which imports each fix needs decides where a
// new group's blank line goes (see place).
func (f *File) Plan(fixes [][]Import) *Plan {
	p := &Plan{f: f, fixes: fixes, names: map[string]string{}, edits: map[string]Edit{}, joins: map[token.Pos]token.Pos{}}
	imports := slices.Concat(fixes...)
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

// without reports whether a fix needs path and not other.
func (p *Plan) without(path, other string) bool {
	has := func(fix []Import, path string) bool {
		return slices.ContainsFunc(fix, func(imp Import) bool { return imp.Path == path })
	}
	return slices.ContainsFunc(p.fixes, func(fix []Import) bool { return has(fix, path) && !has(fix, other) })
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
