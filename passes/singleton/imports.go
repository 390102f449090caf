package singleton

import (
	"go/ast"
	"go/token"
	"go/types"
	"slices"

	"github.com/factoryscope/factoryscope/internal/importedit"
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
func (st *state) qualify(file *ast.File, inner *types.Scope, pos token.Pos, ref *pkgRef) *noFix {
	if ref.path == st.pass.Pkg.Path() {
		if _, o := inner.LookupParent(ref.name, pos); o != nil && o.Parent() == st.pass.Pkg.Scope() {
			return nil
		}
		return noFixf("%s is shadowed here", ref.name)
	}
	if qual, ok := st.sourceOf(file).imports.Qualifier(inner, pos, ref.path, ref.name); ok {
		ref.qual = qual
		return nil
	}
	if !st.importable(ref.path) {
		return noFixf("this package may not import %s", ref.path)
	}
	ref.newImport = true
	return nil
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
	return importedit.InternalAllowed(st.pass.Pkg.Path(), path)
}

// importsOf is what the fixes of a file's sites need imported, per site:
// the packages that no import of the file names at the site.
func (st *state) importsOf(sites []*site) [][]importedit.Import {
	var fixes [][]importedit.Import
	for _, s := range sites {
		var imports []importedit.Import
		for _, ref := range s.refs() {
			if !ref.newImport || slices.ContainsFunc(imports, func(i importedit.Import) bool { return i.Path == ref.path }) {
				continue
			}
			imp := importedit.Import{Path: ref.path}
			if p := st.visible[ref.path]; p != nil {
				imp.Name = p.Name()
			}
			imports = append(imports, imp)
		}
		fixes = append(fixes, imports)
	}
	return fixes
}
