package importedit_test

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/internal/importedit"
)

// fixture is one file of package example.com/p, type-checked against
// fake packages (see importer).
type fixture struct {
	fset *token.FileSet
	file *ast.File
	info *types.Info
	src  string
	f    *importedit.File
}

func load(t *testing.T, src string) *fixture {
	t.Helper()
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "p.go", src, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	info := &types.Info{
		Defs:      map[*ast.Ident]types.Object{},
		Uses:      map[*ast.Ident]types.Object{},
		Implicits: map[ast.Node]types.Object{},
		Scopes:    map[ast.Node]*types.Scope{},
	}
	// Imports the fixtures leave unused are type errors; the information
	// the edits read is complete regardless.
	conf := types.Config{Importer: importer{}, FakeImportC: true, Error: func(error) {}}
	pkg, _ := conf.Check("example.com/p", fset, []*ast.File{file}, info)
	return &fixture{fset: fset, file: file, info: info, src: src,
		f: importedit.NewFile(fset.File(file.Pos()), []byte(src), file, info, pkg)}
}

// importer makes a package for any path, named by its last element (up to
// a dot), declaring F and T.
type importer map[string]*types.Package

func (im importer) Import(path string) (*types.Package, error) {
	if p := im[path]; p != nil {
		return p, nil
	}
	name, _, _ := strings.Cut(path[strings.LastIndexByte(path, '/')+1:], ".")
	p := types.NewPackage(path, name)
	p.Scope().Insert(types.NewFunc(token.NoPos, p, "F", types.NewSignatureType(nil, nil, nil, nil, nil, false)))
	p.Scope().Insert(types.NewTypeName(token.NoPos, p, "T", types.Typ[types.Int]))
	p.MarkComplete()
	im[path] = p
	return p, nil
}

// apply applies edits to the fixture's source.
func (fx *fixture) apply(t *testing.T, edits []importedit.Edit) string {
	t.Helper()
	tf := fx.fset.File(fx.file.Pos())
	edits = slices.Clone(edits)
	// From the end, and at one offset a deletion before an insertion.
	slices.SortFunc(edits, func(a, b importedit.Edit) int { return cmp.Or(int(b.Pos-a.Pos), int(b.End-a.End)) })
	out := fx.src
	for i, e := range edits {
		if i > 0 && e.End > edits[i-1].Pos {
			t.Fatalf("edits overlap: %+v and %+v", e, edits[i-1])
		}
		out = out[:tf.Offset(e.Pos)] + string(e.NewText) + out[tf.Offset(e.End):]
	}
	return out
}

// gofmtClean fails the test unless src is gofmt's output.
func gofmtClean(t *testing.T, what, src string) {
	t.Helper()
	got, err := format.Source([]byte(src))
	if err != nil {
		t.Errorf("%s: does not parse: %v\n%s", what, err, src)
	} else if !bytes.Equal(got, []byte(src)) {
		t.Errorf("%s: not gofmt-clean:\n%s\ngofmt:\n%s", what, src, got)
	}
}

// pkgName returns the PkgName that the import of path declares.
func (fx *fixture) pkgName(t *testing.T, path string) *types.PkgName {
	t.Helper()
	for _, spec := range fx.file.Imports {
		if spec.Path.Value == `"`+path+`"` {
			return fx.info.PkgNameOf(spec)
		}
	}
	t.Fatalf("no import of %s", path)
	return nil
}

// each makes each import the need of a fix of its own.
func each(imports []importedit.Import) [][]importedit.Import {
	var fixes [][]importedit.Import
	for _, imp := range imports {
		fixes = append(fixes, []importedit.Import{imp})
	}
	return fixes
}

func std(paths ...string) []importedit.Import {
	var out []importedit.Import
	for _, p := range paths {
		name, _, _ := strings.Cut(p[strings.LastIndexByte(p, '/')+1:], ".")
		out = append(out, importedit.Import{Path: p, Name: name})
	}
	return out
}

// TestPlan checks, per import layout, the file with every planned import
// added, that it is gofmt-clean, and that each fix's imports alone leave
// a gofmt-clean file too (an editor applies one fix at a time).
func TestPlan(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		src      string
		fixes    [][]importedit.Import // the imports each fix needs
		want     string
		unplaced []string // paths Add reports without a place
		raw      bool     // the source is not gofmt-clean to begin with
	}{{
		name:  "no imports",
		src:   "package p\n\nfunc f() {}\n",
		fixes: each(std("fmt")),
		want:  "package p\n\nimport \"fmt\"\n\nfunc f() {}\n",
	}, {
		name:  "no imports, two added as declarations",
		src:   "package p\n\nfunc f() {}\n",
		fixes: [][]importedit.Import{std("os", "fmt")},
		want:  "package p\n\nimport \"fmt\"\nimport \"os\"\n\nfunc f() {}\n",
	}, {
		name:     "no imports, a third has no place",
		src:      "package p\n\nfunc f() {}\n",
		fixes:    [][]importedit.Import{std("fmt", "os", "strings")},
		want:     "package p\n\nimport \"fmt\"\nimport \"os\"\n\nfunc f() {}\n",
		unplaced: []string{"strings"},
	}, {
		name:  "no imports, two fixes adding one each: the second declaration is a blank line apart",
		src:   "package p\n\nfunc f() {}\n",
		fixes: each(std("fmt", "os")),
		want:  "package p\n\nimport \"fmt\"\n\nimport \"os\"\n\nfunc f() {}\n",
	}, {
		name:  "single import",
		src:   "package p\n\nimport \"fmt\"\n\nvar _ = fmt.F\n",
		fixes: each(std("os")),
		want:  "package p\n\nimport \"fmt\"\nimport \"os\"\n\nvar _ = fmt.F\n",
	}, {
		name:  "grouped: sorted into the group",
		src:   "package p\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n",
		fixes: each(std("os")),
		want:  "package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n",
	}, {
		name:  "grouped: first and last",
		src:   "package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n",
		fixes: each(std("bytes", "strings")),
		want:  "package p\n\nimport (\n\t\"bytes\"\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n",
	}, {
		name:  "grouped: a module path starts a group of its own",
		src:   "package p\n\nimport (\n\t\"fmt\"\n)\n",
		fixes: each(std("example.com/b", "os")),
		want:  "package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.com/b\"\n)\n",
	}, {
		name:  "a new group: its second import, which a fix adds without the first, starts a group too",
		src:   "package p\n\nimport (\n\t\"os\"\n)\n",
		fixes: [][]importedit.Import{std("example.com/a", "example.com/b"), std("example.com/b")},
		want:  "package p\n\nimport (\n\t\"os\"\n\n\t\"example.com/a\"\n\n\t\"example.com/b\"\n)\n",
	}, {
		name:  "a new group: its second import, which every fix adds with the first, joins it",
		src:   "package p\n\nimport (\n\t\"os\"\n)\n",
		fixes: [][]importedit.Import{std("example.com/a", "example.com/b"), std("example.com/a")},
		want:  "package p\n\nimport (\n\t\"os\"\n\n\t\"example.com/a\"\n\t\"example.com/b\"\n)\n",
	}, {
		name:     "two groups: the blank line between them is the next gap's, so the gap above holds one import",
		src:      "package p\n\nimport (\n\t\"example.com/a\"\n\n\t\"os\"\n\n\t\"example.com/z\"\n)\n",
		fixes:    each(std("strings", "syscall", "example.com/b")),
		want:     "package p\n\nimport (\n\t\"example.com/a\"\n\n\t\"os\"\n\t\"strings\"\n\n\t\"example.com/b\"\n\t\"example.com/z\"\n)\n",
		unplaced: []string{"syscall"},
	}, {
		name:  "empty block",
		src:   "package p\n\nimport (\n)\n",
		fixes: each(std("fmt")),
		want:  "package p\n\nimport (\n\t\"fmt\"\n)\n",
	}, {
		name:  "several groups: each import into its own kind",
		src:   "package p\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n\n\t\"example.com/a\"\n\t\"example.com/c\"\n)\n",
		fixes: each(std("example.com/b", "os")),
		want:  "package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n\n\t\"example.com/a\"\n\t\"example.com/b\"\n\t\"example.com/c\"\n)\n",
	}, {
		name:  "several groups: standard library into the first such group",
		src:   "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/a\"\n\n\t\"strings\"\n)\n",
		fixes: each(std("os")),
		want:  "package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\n\t\"example.com/a\"\n\n\t\"strings\"\n)\n",
	}, {
		name:  "several groups: a module path into the last such group",
		src:   "package p\n\nimport (\n\t\"example.com/a\"\n\n\t\"fmt\"\n\n\t\"example.com/x\"\n)\n",
		fixes: each(std("example.com/y")),
		want:  "package p\n\nimport (\n\t\"example.com/a\"\n\n\t\"fmt\"\n\n\t\"example.com/x\"\n\t\"example.com/y\"\n)\n",
	}, {
		name:  "comments: above the next import's doc comment",
		src:   "package p\n\nimport (\n\t\"fmt\" // printing\n\t// strings doc\n\t\"strings\"\n)\n",
		fixes: each(std("os")),
		want:  "package p\n\nimport (\n\t\"fmt\" // printing\n\t\"os\"\n\t// strings doc\n\t\"strings\"\n)\n",
	}, {
		name:  "cgo preamble: the block after import \"C\"",
		src:   "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nimport (\n\t\"fmt\"\n)\n",
		fixes: each(std("os")),
		want:  "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nimport (\n\t\"fmt\"\n\t\"os\"\n)\n",
	}, {
		name:  "cgo preamble: after import \"C\" alone, not between it and the preamble",
		src:   "package p\n\n// #include <stdio.h>\nimport \"C\"\n\nfunc f() {}\n",
		fixes: each(std("os")),
		want:  "package p\n\n// #include <stdio.h>\nimport \"C\"\nimport \"os\"\n\nfunc f() {}\n",
	}, {
		name:  "dot and blank imports sort by path",
		src:   "package p\n\nimport (\n\t_ \"embed\"\n\t. \"strings\"\n)\n",
		fixes: each(std("fmt")),
		want:  "package p\n\nimport (\n\t_ \"embed\"\n\t\"fmt\"\n\t. \"strings\"\n)\n",
	}, {
		name:  "aliases: a name taken by an import gets a number",
		src:   "package p\n\nimport (\n\tfmt \"example.com/myfmt\"\n)\n\nvar _ = fmt.F\n",
		fixes: each(std("fmt")),
		want:  "package p\n\nimport (\n\tfmt \"example.com/myfmt\"\n\tfmt2 \"fmt\"\n)\n\nvar _ = fmt.F\n",
	}, {
		name:  "aliases: a name declared in the file gets a number",
		src:   "package p\n\nimport (\n\t\"os\"\n)\n\nfunc f() { fmt := os.F; _ = fmt }\n",
		fixes: each(std("fmt")),
		want:  "package p\n\nimport (\n\tfmt2 \"fmt\"\n\t\"os\"\n)\n\nfunc f() { fmt := os.F; _ = fmt }\n",
	}, {
		name:  "aliases: a name the package declares, or a predeclared one, gets a number",
		src:   "package p\n\nimport (\n\t\"os\"\n)\n\nvar yaml = os.F\n",
		fixes: [][]importedit.Import{{{Path: "example.com/yaml", Name: "yaml"}, {Path: "example.com/len", Name: "len"}}},
		want:  "package p\n\nimport (\n\t\"os\"\n\n\tlen2 \"example.com/len\"\n\tyaml2 \"example.com/yaml\"\n)\n\nvar yaml = os.F\n",
	}, {
		name:  "aliases: a name other than the last element, or unknown, is written",
		src:   "package p\n\nimport (\n\t\"os\"\n)\n",
		fixes: [][]importedit.Import{{{Path: "example.com/yaml.v3", Name: "yaml"}, {Path: "example.com/go-kit"}}},
		want:  "package p\n\nimport (\n\t\"os\"\n\n\tgokit \"example.com/go-kit\"\n\tyaml \"example.com/yaml.v3\"\n)\n",
	}, {
		name:     "three in one gap when the next line starts with a tab; a fourth has no place",
		src:      "package p\n\nimport (\n\t\"a\"\n\t\"z\"\n)\n",
		fixes:    each(std("b", "c", "d", "e")),
		want:     "package p\n\nimport (\n\t\"a\"\n\t\"b\"\n\t\"c\"\n\t\"d\"\n\t\"z\"\n)\n",
		unplaced: []string{"e"},
	}, {
		name:     "two in one gap when the next line does not start with a tab",
		src:      "package p\n\nimport (\n\t\"a\"\n    \"z\"\n)\n",
		fixes:    each(std("b", "c", "d")),
		want:     "package p\n\nimport (\n\t\"a\"\n\t\"b\"\n\t\"c\"\n    \"z\"\n)\n",
		unplaced: []string{"d"},
		raw:      true,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := load(t, tt.src)
			plan := fx.f.Plan(tt.fixes)
			var all []importedit.Edit
			var unplaced []string
			edit := map[string]importedit.Edit{}
			for _, imp := range slices.Concat(tt.fixes...) {
				if _, seen := edit[imp.Path]; seen || slices.Contains(unplaced, imp.Path) {
					continue
				}
				name, e, ok := plan.Add(imp.Path)
				if !ok {
					unplaced = append(unplaced, imp.Path)
					continue
				}
				if name == "" {
					t.Errorf("%s: no name", imp.Path)
				}
				if slices.ContainsFunc(all, func(o importedit.Edit) bool { return o.Pos == e.Pos }) {
					t.Errorf("%s: a second insertion at offset %d", imp.Path, e.Pos)
				}
				edit[imp.Path] = e
				all = append(all, e)
			}
			for _, fix := range tt.fixes {
				var es []importedit.Edit
				var paths []string
				for _, imp := range fix {
					if e, ok := edit[imp.Path]; ok {
						es, paths = append(es, e), append(paths, imp.Path)
					}
				}
				alone := fx.apply(t, es)
				if _, err := parser.ParseFile(token.NewFileSet(), "", alone, 0); err != nil {
					t.Errorf("%q alone: %v", paths, err)
				}
				if !tt.raw {
					gofmtClean(t, fmt.Sprintf("%q alone", paths), alone)
				}
			}
			if !slices.Equal(unplaced, tt.unplaced) {
				t.Errorf("without a place: %q, want %q", unplaced, tt.unplaced)
			}
			got := fx.apply(t, all)
			if got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			if !tt.raw {
				gofmtClean(t, "all", got)
			}
		})
	}
}

// TestPlanName checks the names the fixes use, written or not.
func TestPlanName(t *testing.T) {
	t.Parallel()
	fx := load(t, "package p\n\nimport \"os\"\n\nvar fmt = os.F\n")
	plan := fx.f.Plan([][]importedit.Import{{{Path: "fmt", Name: "fmt"}, {Path: "example.com/go-kit"}, {Path: "strings", Name: "strings"}}})
	for path, want := range map[string]string{"fmt": "fmt2", "example.com/go-kit": "gokit", "strings": "strings", "unplanned": ""} {
		if name, _, _ := plan.Add(path); name != want {
			t.Errorf("%s: name %q, want %q", path, name, want)
		}
	}
	if _, _, ok := plan.Add("unplanned"); ok {
		t.Error("an unplanned path has an edit")
	}
}

// TestPlanWithoutBytes checks that a third import in a gap, which goes
// after the next line's tab, is placed only when the bytes are known and
// are those of the file the positions are in.
func TestPlanWithoutBytes(t *testing.T) {
	t.Parallel()
	const src = "package p\n\nimport (\n\t\"a\"\n\t\"z\"\n)\n"
	fx := load(t, src)
	pkg := types.NewPackage("example.com/p", "p")
	for name, b := range map[string][]byte{"known": []byte(src), "unknown": nil, "another file's": []byte(src + "\n")} {
		f := importedit.NewFile(fx.fset.File(fx.file.Pos()), b, fx.file, fx.info, pkg)
		plan := f.Plan(each(std("b", "c", "d")))
		if _, _, ok := plan.Add("d"); ok != (name == "known") {
			t.Errorf("bytes %s: third import placed: %v", name, ok)
		}
		if _, _, ok := plan.Add("c"); !ok {
			t.Errorf("bytes %s: the second import has no place", name)
		}
	}
}

// TestDelete checks the deletion of an import per layout, alone and with
// the imports a plan adds next to it: every fix that adds one of those
// must merge with the deletion.
func TestDelete(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		src     string
		del     string
		imports []importedit.Import // planned, applied with the deletion
		own     bool                // the planned imports are the same fix's
		want    string
		result  importedit.Deletion
	}{{
		name:   "grouped",
		src:    "package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n\nfunc f() {}\n",
		del:    "os",
		want:   "package p\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc f() {}\n",
		result: importedit.Deleted,
	}, {
		name:   "with its doc and line comments",
		src:    "package p\n\nimport (\n\t\"fmt\"\n\t// os doc\n\t\"os\" // files\n\t\"strings\"\n)\n\nfunc f() {}\n",
		del:    "os",
		want:   "package p\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc f() {}\n",
		result: importedit.Deleted,
	}, {
		name:   "alias",
		src:    "package p\n\nimport (\n\t\"fmt\"\n\tx \"example.com/x\"\n)\n\nfunc f() {}\n",
		del:    "example.com/x",
		want:   "package p\n\nimport (\n\t\"fmt\"\n)\n\nfunc f() {}\n",
		result: importedit.Deleted,
	}, {
		name:   "a group of its own takes a blank line along",
		src:    "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/x\"\n\n\t\"example.com/y\"\n)\n\nfunc f() {}\n",
		del:    "example.com/x",
		want:   "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/y\"\n)\n\nfunc f() {}\n",
		result: importedit.Deleted,
	}, {
		name:   "the last group takes the blank line before it",
		src:    "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/x\"\n)\n\nfunc f() {}\n",
		del:    "example.com/x",
		want:   "package p\n\nimport (\n\t\"fmt\"\n)\n\nfunc f() {}\n",
		result: importedit.Deleted,
	}, {
		name:   "the first group takes the blank line after it",
		src:    "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/x\"\n)\n\nfunc f() {}\n",
		del:    "fmt",
		want:   "package p\n\nimport (\n\t\"example.com/x\"\n)\n\nfunc f() {}\n",
		result: importedit.Deleted,
	}, {
		name:    "a group of its own keeps its blank line when the same fix adds to the group",
		src:     "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/x\"\n)\n\nfunc f() {}\n",
		del:     "fmt",
		imports: std("io"),
		own:     true,
		want:    "package p\n\nimport (\n\t\"io\"\n\n\t\"example.com/x\"\n)\n\nfunc f() {}\n",
		result:  importedit.Deleted,
	}, {
		name:    "a group of its own, when another fix adds to the group",
		src:     "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/x\"\n)\n\nfunc f() {}\n",
		del:     "fmt",
		imports: std("io"),
		result:  importedit.Blocked,
	}, {
		name:    "the last group keeps its blank line when the same fix adds after the import",
		src:     "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/x\"\n)\n\nfunc f() {}\n",
		del:     "example.com/x",
		imports: std("example.com/y"),
		own:     true,
		want:    "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/y\"\n)\n\nfunc f() {}\n",
		result:  importedit.Deleted,
	}, {
		name:    "the last group, when another fix adds after the import",
		src:     "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/x\"\n)\n\nfunc f() {}\n",
		del:     "example.com/x",
		imports: std("example.com/y"),
		result:  importedit.Blocked,
	}, {
		name:    "the first group keeps its blank line when the same fix adds before the import",
		src:     "package p\n\nimport (\n\t\"example.com/x\"\n\n\t\"context\"\n)\n\nfunc f() {}\n",
		del:     "example.com/x",
		imports: std("example.com/a"),
		own:     true,
		want:    "package p\n\nimport (\n\t\"example.com/a\"\n\n\t\"context\"\n)\n\nfunc f() {}\n",
		result:  importedit.Deleted,
	}, {
		name:    "the first group, when another fix adds before the import",
		src:     "package p\n\nimport (\n\t\"example.com/x\"\n\n\t\"context\"\n)\n\nfunc f() {}\n",
		del:     "example.com/x",
		imports: std("example.com/a"),
		result:  importedit.Blocked,
	}, {
		name:    "a group between two keeps its blank lines when the same fix adds after the import",
		src:     "package p\n\nimport (\n\t\"example.com/a\"\n\n\t\"fmt\"\n\n\t\"example.com/z\"\n)\n\nfunc f() {}\n",
		del:     "fmt",
		imports: std("os"),
		own:     true,
		want:    "package p\n\nimport (\n\t\"example.com/a\"\n\n\t\"os\"\n\n\t\"example.com/z\"\n)\n\nfunc f() {}\n",
		result:  importedit.Deleted,
	}, {
		name:    "the last group takes its blank line when the same fix starts a new group after it",
		src:     "package p\n\nimport (\n\t\"fmt\"\n\n\t\"os\"\n)\n\nfunc f() {}\n",
		del:     "os",
		imports: std("example.com/b"),
		own:     true,
		want:    "package p\n\nimport (\n\t\"fmt\"\n\n\t\"example.com/b\"\n)\n\nfunc f() {}\n",
		result:  importedit.Deleted,
	}, {
		name:    "after two imports the plan adds, with its line break after it",
		src:     "package p\n\nimport (\n\t\"fmt\"\n\t\"os\"\n\t\"strings\"\n)\n\nfunc f() {}\n",
		del:     "os",
		imports: std("errors", "io", "net"),
		want:    "package p\n\nimport (\n\t\"errors\"\n\t\"fmt\"\n\t\"io\"\n\t\"net\"\n\t\"strings\"\n)\n\nfunc f() {}\n",
		result:  importedit.Deleted,
	}, {
		name:    "between the plan's imports, shifted past the next line's tab",
		src:     "package p\n\nimport (\n\t\"a\"\n\t\"b\"\n\t\"c\"\n)\n\nfunc f() {}\n",
		del:     "b",
		imports: std("a1", "a2", "a3"),
		want:    "package p\n\nimport (\n\t\"a\"\n\t\"a1\"\n\t\"a2\"\n\t\"a3\"\n\t\"c\"\n)\n\nfunc f() {}\n",
		result:  importedit.Deleted,
	}, {
		name:    "blocked by the plan's imports on both sides",
		src:     "package p\n\nimport (\n\t\"a\"\n\t\"b\"\n\t\"c\"\n)\n\nfunc f() {}\n",
		del:     "b",
		imports: std("a1", "a2", "b1"),
		result:  importedit.Blocked,
	}, {
		name:   "alone in its declaration",
		src:    "package p\n\nimport \"fmt\"\n\nimport \"os\"\n",
		del:    "os",
		result: importedit.Kept,
	}, {
		name:   "alone in its block",
		src:    "package p\n\nimport (\n\t\"os\"\n)\n\nfunc f() {}\n",
		del:    "os",
		result: importedit.Kept,
	}, {
		name:   "on the last line",
		src:    "package p\n\nimport (\n\t\"fmt\"\n\t\"os\")",
		del:    "os",
		result: importedit.Kept,
	}, {
		name:   "dot import",
		src:    "package p\n\nimport (\n\t\"fmt\"\n\t. \"os\"\n\t\"strings\"\n)\n\nfunc f() {}\n",
		del:    "os",
		want:   "package p\n\nimport (\n\t\"fmt\"\n\t\"strings\"\n)\n\nfunc f() {}\n",
		result: importedit.Deleted,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := load(t, tt.src)
			plan := fx.f.Plan([][]importedit.Import{tt.imports})
			var adds []importedit.Edit
			for _, imp := range tt.imports {
				_, e, ok := plan.Add(imp.Path)
				if !ok {
					t.Fatalf("%s has no place", imp.Path)
				}
				adds = append(adds, e)
			}
			var own []importedit.Edit
			if tt.own {
				own = adds
			}
			e, result := plan.Delete(fx.pkgName(t, tt.del), own)
			if result != tt.result {
				t.Fatalf("Delete: %v, want %v", result, tt.result)
			}
			if result != importedit.Deleted {
				if e.Pos.IsValid() || e.NewText != nil {
					t.Errorf("an edit with %v: %+v", result, e)
				}
				return
			}
			if got := fx.apply(t, append(adds, e)); got != tt.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, tt.want)
			}
			if !tt.own { // else the deletion is made to go with the fix's imports
				gofmtClean(t, "deleted alone", fx.apply(t, []importedit.Edit{e}))
			}
			gofmtClean(t, "deleted with the plan", fx.apply(t, append(adds, e)))
		})
	}
}

// TestQualifier checks how the file's imports name an object at a site,
// marked by the identifier here.
func TestQualifier(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, src, path string
		qual            string
		ok              bool
	}{
		{"import", "package p\n\nimport \"fmt\"\n\nvar _ = fmt.F\nvar here int\n", "fmt", "fmt.", true},
		{"alias", "package p\n\nimport str \"strings\"\n\nvar _ = str.F\nvar here int\n", "strings", "str.", true},
		{"no import", "package p\n\nimport \"fmt\"\n\nvar _ = fmt.F\nvar here int\n", "os", "", false},
		{"blank import", "package p\n\nimport _ \"fmt\"\n\nvar here int\n", "fmt", "", false},
		{"dot import", "package p\n\nimport . \"fmt\"\n\nvar _ = F\nvar here int\n", "fmt", "", true},
		{"dot import, the object shadowed", "package p\n\nimport . \"fmt\"\n\nvar _ = F\n\nfunc f() {\n\tF := 1\n\there := F\n\t_ = here\n}\n", "fmt", "", false},
		{"shadowed name", "package p\n\nimport \"fmt\"\n\nvar _ = fmt.F\n\nfunc f() {\n\tfmt := 1\n\there := fmt\n\t_ = here\n}\n", "fmt", "", false},
		{"shadowed name, another import visible", "package p\n\nimport (\n\t\"fmt\"\n\tf2 \"fmt\"\n)\n\nvar _, _ = fmt.F, f2.F\n\nfunc f() {\n\tfmt := 1\n\there := fmt\n\t_ = here\n}\n", "fmt", "f2.", true},
		{"shadowed later than the site", "package p\n\nimport \"fmt\"\n\nvar _ = fmt.F\n\nfunc f() {\n\there := 1\n\tfmt := here\n\t_ = fmt\n}\n", "fmt", "fmt.", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			fx := load(t, tt.src)
			var here *ast.Ident
			ast.Inspect(fx.file, func(n ast.Node) bool {
				if id, ok := n.(*ast.Ident); ok && id.Name == "here" && here == nil {
					here = id
				}
				return here == nil
			})
			scope := fx.info.Scopes[fx.file].Innermost(here.Pos())
			qual, ok := fx.f.Qualifier(scope, here.Pos(), tt.path, "F")
			if qual != tt.qual || ok != tt.ok {
				t.Errorf("Qualifier = %q, %v; want %q, %v", qual, ok, tt.qual, tt.ok)
			}
		})
	}
}

func TestUsedExactly(t *testing.T) {
	t.Parallel()
	fx := load(t, "package p\n\nimport \"fmt\"\n\nvar _, _ = fmt.F, fmt.T(1)\n")
	pn := fx.pkgName(t, "fmt")
	for n, want := range map[int]bool{1: false, 2: true, 3: false} {
		if got := fx.f.UsedExactly(pn, n); got != want {
			t.Errorf("UsedExactly(fmt, %d) = %v, want %v", n, got, want)
		}
	}
}

func TestInternalAllowed(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		from, path string
		want       bool
	}{
		{"example.com/a", "example.com/b", true},
		{"example.com/a", "example.com/a/internal/x", true},
		{"example.com/a/b", "example.com/a/internal/x", true},
		{"example.com/a_test", "example.com/a/internal", true},
		{"example.com/ab", "example.com/a/internal/x", false},
		{"example.com/b", "example.com/a/internal", false},
		{"example.com/a", "internal/cpu", false},
		{"example.com/a", "internal", false},
	} {
		if got := importedit.InternalAllowed(tt.from, tt.path); got != tt.want {
			t.Errorf("InternalAllowed(%q, %q) = %v, want %v", tt.from, tt.path, got, tt.want)
		}
	}
}
