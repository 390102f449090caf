package importedit

import (
	"go/ast"
	"go/token"
	"go/types"
	"strconv"
	"strings"
)

// Edit replaces the text from Pos to End with NewText; Pos == End inserts.
// It has analysis.TextEdit's fields, so a pass converts it directly.
type Edit struct {
	Pos     token.Pos
	End     token.Pos
	NewText []byte
}

// File is one Go file as the edits see it.
type File struct {
	tf   *token.File
	src  []byte // nil when unknown
	file *ast.File
	info *types.Info // needs Defs, Uses, Implicits
	pkg  *types.Package
}

// NewFile returns file, whose positions are in tf and whose bytes are src,
// in package pkg type-checked with info. src may be nil when the bytes are
// unknown; bytes of another size than tf's (a cgo rewrite, whose positions
// are those of another file) count as unknown.
func NewFile(tf *token.File, src []byte, file *ast.File, info *types.Info, pkg *types.Package) *File {
	if len(src) != tf.Size() {
		src = nil
	}
	return &File{tf: tf, src: src, file: file, info: info, pkg: pkg}
}

// Qualifier returns how an import of the file names the package-level
// object path.name at pos, whose innermost scope is scope: "p." through an
// import named p, "" through a dot import. ok is false when none does:
// there is no such import, it is blank, or the name it gives (or the
// object it brings in) is shadowed at pos.
func (f *File) Qualifier(scope *types.Scope, pos token.Pos, path, name string) (qual string, ok bool) {
	for _, spec := range f.file.Imports {
		if specPath(spec) != path {
			continue
		}
		if spec.Name != nil && spec.Name.Name == "." {
			if _, o := scope.LookupParent(name, pos); o != nil && o.Pkg() != nil && o.Pkg().Path() == path {
				return "", true
			}
			continue
		}
		pn := f.info.PkgNameOf(spec)
		if pn == nil || pn.Name() == "_" {
			continue
		}
		if _, o := scope.LookupParent(pn.Name(), pos); o == pn {
			return pn.Name() + ".", true
		}
	}
	return "", false
}

// UsedExactly reports whether the file uses the import pn exactly n times,
// so that a fix removing n uses leaves it unused.
func (f *File) UsedExactly(pn *types.PkgName, n int) bool {
	uses := 0
	ast.Inspect(f.file, func(node ast.Node) bool {
		if id, ok := node.(*ast.Ident); ok && f.info.Uses[id] == pn {
			uses++
		}
		return uses <= n
	})
	return uses == n
}

// InternalAllowed reports whether package from may import path under Go's
// rule for internal directories: only packages under the directory that
// holds internal/ may. An external test package (p_test) is p for this.
func InternalAllowed(from, path string) bool {
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
	from = strings.TrimSuffix(from, "_test")
	return from == parent || strings.HasPrefix(from, parent+"/")
}

// tabAt reports whether the file has a tab at p.
func (f *File) tabAt(p token.Pos) bool {
	off := f.tf.Offset(p)
	return f.src != nil && off < len(f.src) && f.src[off] == '\t'
}

// lineEnd returns the '\n' that ends p's line, NoPos on the last line.
func (f *File) lineEnd(p token.Pos) token.Pos {
	l := f.tf.Line(p)
	if l >= f.tf.LineCount() {
		return token.NoPos
	}
	return f.tf.LineStart(l+1) - 1
}

// lineBefore returns the '\n' that ends the line before p's.
func (f *File) lineBefore(p token.Pos) token.Pos { return f.tf.LineStart(f.tf.Line(p)) - 1 }

func specPath(s *ast.ImportSpec) string {
	p, _ := strconv.Unquote(s.Path.Value)
	return p
}

// isStd reports whether path is in the standard library, whose imports
// gofmt and goimports keep in a group of their own: its first element has
// no dot.
func isStd(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

func lastElem(path string) string { return path[strings.LastIndexByte(path, '/')+1:] }
