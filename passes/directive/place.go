package directive

import (
	"go/ast"
	"go/token"
	"strings"
)

// kind is what a doc comment documents, as far as directives care.
type kind int

const (
	elsewhere kind = iota // nothing a directive applies to
	funcKind              // a package-level func (no receiver)
	varKind               // a package-level var
)

// place is where a comment group is, for the directives in it.
type place struct {
	kind  kind
	names []*ast.Ident // the objects documented, for funcKind and varKind
	where string       // for elsewhere: where it is, after "this one "
}

// whereFor returns "" when a directive with verb applies at p, else where
// p is.
func (p place) whereFor(verb string) string {
	switch {
	case p.kind == funcKind, p.kind == varKind && verb == "singleton":
		return ""
	case p.kind == varKind:
		return "is on a var"
	}
	return p.where
}

const endsLine = "is at the end of a line of code"

// placesOf returns the place of every doc comment of f, and of the
// comments that end a spec's line.
func placesOf(f *ast.File) map[*ast.CommentGroup]place {
	m := map[*ast.CommentGroup]place{}
	add := func(g *ast.CommentGroup, p place) {
		if g != nil {
			m[g] = p
		}
	}
	add(f.Doc, place{where: "is in the package doc comment"})
	for _, decl := range f.Decls {
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			if decl.Recv == nil {
				add(decl.Doc, place{kind: funcKind, names: []*ast.Ident{decl.Name}})
			} else {
				add(decl.Doc, place{where: "is on a method"})
			}
		case *ast.GenDecl:
			on := place{where: "is on " + article(decl.Tok)}
			// The doc of "var X" (or of a group of one var without a doc
			// of its own) documents that var; the doc of a group does not.
			switch {
			case decl.Tok != token.VAR:
				add(decl.Doc, on)
			case len(decl.Specs) == 1 && decl.Specs[0].(*ast.ValueSpec).Doc == nil:
				add(decl.Doc, place{kind: varKind, names: decl.Specs[0].(*ast.ValueSpec).Names})
			default:
				add(decl.Doc, place{where: "is on a var group"})
			}
			for _, spec := range decl.Specs {
				switch spec := spec.(type) {
				case *ast.ValueSpec:
					if decl.Tok == token.VAR {
						add(spec.Doc, place{kind: varKind, names: spec.Names})
					} else {
						add(spec.Doc, on)
					}
					add(spec.Comment, place{where: endsLine})
				case *ast.TypeSpec:
					add(spec.Doc, on)
					add(spec.Comment, place{where: endsLine})
				case *ast.ImportSpec:
					add(spec.Doc, on)
					add(spec.Comment, place{where: endsLine})
				}
			}
		}
	}
	return m
}

func article(tok token.Token) string {
	if tok == token.IMPORT {
		return "an import"
	}
	return "a " + tok.String()
}

// whereIs says where g is, when it is not a doc comment: above the package
// clause, inside a declaration, at the end of a line of code, separated
// from the next declaration by a blank line, or after the last one.
func whereIs(fset *token.FileSet, f *ast.File, g *ast.CommentGroup) string {
	tf := fset.File(g.Pos())
	line := func(p token.Pos) int { return tf.Line(p) } // not adjusted by //line
	if g.Pos() < f.Package {
		return "is above the package clause"
	}
	prevEnd := f.Name.End()
	for _, decl := range f.Decls {
		switch {
		case decl.End() <= g.Pos():
			prevEnd = decl.End()
			continue
		case decl.Pos() <= g.Pos():
			return inside(decl, g, line)
		case line(prevEnd) == line(g.Pos()):
			return endsLine
		}
		return above(describe(decl), decl.Pos(), g, line)
	}
	if line(prevEnd) == line(g.Pos()) {
		return endsLine
	}
	return "is at the end of the file"
}

// above says where g is, being before the declaration what that starts at
// pos, and not its doc comment.
func above(what string, pos token.Pos, g *ast.CommentGroup, line func(token.Pos) int) string {
	if line(pos) == line(g.End()) {
		return "is on the line of " + what + ", not above it"
	}
	return "is separated from " + what + " below it by a blank line"
}

// inside says where g is inside decl.
func inside(decl ast.Decl, g *ast.CommentGroup, line func(token.Pos) int) string {
	switch decl := decl.(type) {
	case *ast.FuncDecl:
		if decl.Body != nil && decl.Body.Pos() <= g.Pos() {
			return "is inside the body of " + describe(decl)
		}
		return "is inside the declaration of " + describe(decl)
	case *ast.GenDecl:
		for _, spec := range decl.Specs {
			switch {
			case spec.End() <= g.Pos():
				continue
			case spec.Pos() <= g.Pos():
				return "is inside the declaration of " + describeSpec(decl.Tok, spec)
			}
			return above(describeSpec(decl.Tok, spec), spec.Pos(), g, line)
		}
		return "is at the end of " + article(decl.Tok) + " group"
	}
	return "is inside a declaration"
}

// describe names a declaration: "func F", "method M", "var A", "type group".
func describe(decl ast.Decl) string {
	switch decl := decl.(type) {
	case *ast.FuncDecl:
		if decl.Recv != nil {
			return "method " + decl.Name.Name
		}
		return "func " + decl.Name.Name
	case *ast.GenDecl:
		if len(decl.Specs) == 1 {
			return describeSpec(decl.Tok, decl.Specs[0])
		}
		return decl.Tok.String() + " group"
	}
	return "a declaration"
}

func describeSpec(tok token.Token, spec ast.Spec) string {
	switch spec := spec.(type) {
	case *ast.ValueSpec:
		var names []string
		for _, n := range spec.Names {
			names = append(names, n.Name)
		}
		return tok.String() + " " + strings.Join(names, ", ")
	case *ast.TypeSpec:
		return "type " + spec.Name.Name
	case *ast.ImportSpec:
		return "import " + spec.Path.Value
	}
	return tok.String()
}
