package directive_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/mod/module"
	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/passes/directive"
)

// FuzzDirective runs the directive pass on mutated Go files (seeds: the
// testdata files that import only the standard library) that parse and
// type-check. The pass never panics, and what it returns is consistent
// with the source: every Malformed entry is one line and covers one
// comment that looks like a directive, in source order; facts and marked
// constructors sit on package-level declarations whose doc comment holds
// the directive; and every directive written as one either applies or is
// reported. Crashers found by go test -fuzz are kept in
// testdata/fuzz/FuzzDirective.
func FuzzDirective(f *testing.F) {
	for _, name := range []string{"malformed/misplaced.go", "malformed/shapes.go", "malformed/spelling.go", "example.com/lib/lib.go"} {
		src, err := os.ReadFile(filepath.Join("testdata", "src", filepath.FromSlash(name)))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("package p\n\n/*factoryscope:singleton\nX*/\nfunc F() {}\n"))
	f.Add([]byte("package p\n\n//factoryscope:singleton ForRequest\nvar _, A = 1, 2\n"))
	f.Add([]byte("package p\n\n//factoryscope:singleton ForRequest\nvar _ = 1\n"))
	f.Add([]byte("package p\n\n//factoryscope:singleton ForRequest\nfunc init() {}\n"))
	// Loaded here, not in the first call: the fuzzing engine stops a call
	// that takes 10s.
	imp, err := stdImporter()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		fset := token.NewFileSet()
		file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return
		}
		info := &types.Info{
			Types: map[ast.Expr]types.TypeAndValue{}, Defs: map[*ast.Ident]types.Object{}, Uses: map[*ast.Ident]types.Object{},
			Implicits: map[ast.Node]types.Object{}, Selections: map[*ast.SelectorExpr]*types.Selection{}, Scopes: map[ast.Node]*types.Scope{},
		}
		conf := types.Config{Importer: imp}
		pkg, err := conf.Check("example.com/p", fset, []*ast.File{file}, info)
		if err != nil {
			return // drivers do not run the pass on a package with errors
		}
		facts := map[types.Object]analysis.Fact{}
		pass := &analysis.Pass{
			Analyzer: directive.Analyzer, Fset: fset, Files: []*ast.File{file}, Pkg: pkg, TypesInfo: info,
			TypesSizes: types.SizesFor("gc", "amd64"), ResultOf: map[*analysis.Analyzer]any{},
			Report: func(d analysis.Diagnostic) { t.Fatalf("the pass reported %+v", d) },
			ExportObjectFact: func(obj types.Object, fact analysis.Fact) {
				if obj.Pkg() != pkg {
					t.Fatalf("fact %v exported for %v of another package", fact, obj)
				}
				facts[obj] = fact
			},
			ImportObjectFact: func(obj types.Object, fact analysis.Fact) bool { return false },
			AllObjectFacts: func() []analysis.ObjectFact {
				var all []analysis.ObjectFact
				for obj, fact := range facts {
					all = append(all, analysis.ObjectFact{Object: obj, Fact: fact})
				}
				return all
			},
		}
		r, err := directive.Analyzer.Run(pass)
		if err != nil {
			t.Fatalf("Run: %v", err)
		}
		checkResult(t, fset, file, pkg, r.(*directive.Result))
	})
}

// checkResult checks the pass's result against the source file.
func checkResult(t *testing.T, fset *token.FileSet, file *ast.File, pkg *types.Package, res *directive.Result) {
	t.Helper()
	comments := map[token.Pos]*ast.Comment{}
	for _, g := range file.Comments {
		for _, c := range g.List {
			comments[c.Pos()] = c
		}
	}
	reported := map[*ast.Comment]bool{}
	for i, m := range res.Malformed {
		c := comments[m.Pos]
		switch {
		case m.Err == "" || strings.ContainsAny(m.Err, "\r\n"):
			t.Fatalf("%s: message is not one line: %q", fset.Position(m.Pos), m.Err)
		case c == nil || c.End() != m.End:
			t.Fatalf("%s: Malformed %q does not cover a comment", fset.Position(m.Pos), m.Err)
		case !looksLikeDirective(c.Text):
			t.Fatalf("%s: %q reported for %q, which is not a directive", fset.Position(m.Pos), m.Err, c.Text)
		case i > 0 && res.Malformed[i-1].Pos >= m.Pos:
			t.Fatalf("%s: Malformed not in source order", fset.Position(m.Pos))
		}
		reported[c] = true
	}

	docs := docsOf(file)
	applied := map[*ast.Comment]bool{}
	for obj, fact := range res.All {
		d := docs[obj.Name()]
		c := d.first("//factoryscope:singleton")
		switch {
		case obj.Pkg() != pkg || obj.Parent() != pkg.Scope():
			t.Fatalf("fact %v on %v, not a package-level object of the package", fact, obj)
		case c == nil:
			t.Fatalf("fact %v on %v, whose doc comment has no singleton directive", fact, obj)
		case module.CheckImportPath(fact.Replacement.Path) != nil || !token.IsIdentifier(fact.Replacement.Name):
			t.Fatalf("%s: fact %v names no object", fset.Position(c.Pos()), fact)
		case strings.ContainsAny(fact.Message, "\r\n"):
			t.Fatalf("%s: fact %v has a message of several lines: %q", fset.Position(c.Pos()), fact, fact.Message)
		}
		applied[c] = true
	}
	for _, name := range pkg.Scope().Names() {
		fn, ok := pkg.Scope().Lookup(name).(*types.Func)
		if !ok || !res.MarkedConstructor(fn) {
			continue
		}
		c := docs[name].first("//factoryscope:constructor")
		if c == nil || strings.TrimRight(c.Text, " \t") != directive.ConstructorPrefix {
			t.Fatalf("%s: %s is marked, its doc comment has no constructor directive", fset.Position(fn.Pos()), name)
		}
		applied[c] = true
	}
	for _, g := range file.Comments {
		for _, c := range g.List {
			if isDirective(c.Text) && !reported[c] && !applied[c] {
				t.Fatalf("%s: directive %q neither applies nor is reported", fset.Position(c.Pos()), c.Text)
			}
			if reported[c] && applied[c] {
				t.Fatalf("%s: directive %q applies and is reported", fset.Position(c.Pos()), c.Text)
			}
		}
	}
}

// looksLikeDirective reports whether a comment's text, after // or /*
// and blanks, starts with the directives' "factoryscope:" in any case.
func looksLikeDirective(text string) bool {
	body, ok := strings.CutPrefix(text, "//")
	if !ok {
		body = strings.TrimPrefix(text, "/*")
	}
	body = strings.TrimLeft(body, " \t\r\n*")
	const ns = "factoryscope:"
	return len(body) >= len(ns) && strings.EqualFold(body[:len(ns)], ns)
}

// isDirective reports whether a comment is written as a directive: either
// verb, right after //, followed by a blank or nothing.
func isDirective(text string) bool {
	for _, prefix := range []string{directive.Prefix, directive.ConstructorPrefix} {
		if rest, ok := strings.CutPrefix(text, prefix); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return true
		}
	}
	return false
}

// doc is the doc comment of a package-level func or var.
type doc struct{ g *ast.CommentGroup }

// first returns the first comment of the doc that is a directive with
// the prefix, or nil.
func (d doc) first(prefix string) *ast.Comment {
	if d.g == nil {
		return nil
	}
	for _, c := range d.g.List {
		if isDirective(c.Text) && strings.HasPrefix(c.Text, prefix) {
			return c
		}
	}
	return nil
}

// docsOf returns the doc comment of each package-level func (not method)
// and var, by name: a var's own, or its declaration's when that declares
// it alone.
func docsOf(file *ast.File) map[string]doc {
	docs := map[string]doc{}
	for _, decl := range file.Decls {
		switch decl := decl.(type) {
		case *ast.FuncDecl:
			if decl.Recv == nil {
				docs[decl.Name.Name] = doc{decl.Doc}
			}
		case *ast.GenDecl:
			if decl.Tok != token.VAR {
				continue
			}
			for _, spec := range decl.Specs {
				vs := spec.(*ast.ValueSpec)
				g := vs.Doc
				if g == nil && len(decl.Specs) == 1 {
					g = decl.Doc
				}
				for _, n := range vs.Names {
					docs[n.Name] = doc{g}
				}
			}
		}
	}
	return docs
}

// stdImporter imports the standard packages the seeds use.
func stdImporter() (types.Importer, error) {
	pkgs, err := packages.Load(&packages.Config{Mode: packages.NeedName | packages.NeedTypes | packages.NeedImports | packages.NeedDeps},
		"context", "net/http", "testing", "errors", "fmt")
	if err != nil {
		return nil, err
	}
	std := map[string]*types.Package{}
	packages.Visit(pkgs, nil, func(p *packages.Package) { std[p.PkgPath] = p.Types })
	return importerFunc(func(path string) (*types.Package, error) {
		if p := std[path]; p != nil {
			return p, nil
		}
		return nil, fmt.Errorf("%s is not among the fuzzed imports", path)
	}), nil
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
