package singleton_test

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/analysistest"
	"golang.org/x/tools/go/packages"
)

// checkFixes applies every fix of every diagnostic at once, as golangci-lint
// and -fix do, with no help from a formatter or an import fixer, and checks
// that each fixed file is gofmt-clean byte for byte (apart from the
// alignment of the test's own trailing "// want" comments) and that every
// fixed package type-checks. It also checks the shape of each diagnostic,
// and each fix alone (checkAlone).
func checkFixes(t *testing.T, results []*analysistest.Result) {
	t.Helper()
	edits := map[string][]edit{} // file -> edits
	pkgOf := map[string]string{} // file -> package path
	var fset *token.FileSet
	for _, res := range results {
		if res.Pass == nil {
			continue
		}
		fset = res.Pass.Fset
		for _, d := range res.Diagnostics {
			checkDiagnostic(t, fset, d)
			checkAlone(t, res.Pass, d)
			for name, es := range editsOf(fset, d) {
				edits[name] = append(edits[name], es...)
				pkgOf[name] = res.Pass.Pkg.Path()
			}
		}
	}
	overlay := map[string][]byte{}
	for name, es := range edits {
		src, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		fixed, err := applyEdits(src, es)
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
		overlay[name] = fixed
		if os.Getenv("DUMP") != "" {
			t.Logf("%s:\n%s", name, fixed)
		}
		if _, err := os.Stat(name + ".golden"); err != nil && os.Getenv("WRITE_GOLDEN") != "" { // write missing .golden files; review them
			if err := os.WriteFile(name+".golden", fixed, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := gofmtClean(wantComment.ReplaceAll(fixed, nil)); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	var paths []string
	for _, p := range pkgOf {
		if !slices.Contains(paths, p) {
			paths = append(paths, p)
		}
	}
	if len(paths) == 0 {
		return
	}
	dir := analysistest.TestData()
	cfg := &packages.Config{
		Mode:    packages.LoadSyntax,
		Dir:     filepath.Join(dir, "src"),
		Env:     append(os.Environ(), "GOPATH="+dir, "GO111MODULE=off", "GOPROXY=off"),
		Overlay: overlay,
	}
	pkgs, err := packages.Load(cfg, paths...)
	if err != nil {
		t.Fatal(err)
	}
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		for _, err := range p.Errors {
			t.Errorf("fixed package %s does not type-check: %v", p.PkgPath, err)
		}
	})
}

var wantComment = regexp.MustCompile(`[ \t]*// want .*`)

// An edit replaces the bytes from start to end of a file with text.
type edit struct {
	start, end int
	text       string
}

// editsOf returns the edits of d's fixes, by file name.
func editsOf(fset *token.FileSet, d analysis.Diagnostic) map[string][]edit {
	edits := map[string][]edit{}
	for _, fix := range d.SuggestedFixes {
		for _, e := range fix.TextEdits {
			tf := fset.File(e.Pos)
			edits[tf.Name()] = append(edits[tf.Name()], edit{tf.Offset(e.Pos), tf.Offset(e.End), string(e.NewText)})
		}
	}
	return edits
}

// applyEdits applies the edits of all fixes of a file at once, as
// golangci-lint and -fix do: identical edits of several fixes apply once,
// and overlapping ones (or two insertions at one place) conflict. A
// conflicting edit is left out and reported in the error.
func applyEdits(src []byte, es []edit) ([]byte, error) {
	es = slices.Clone(es)
	slices.SortFunc(es, func(a, b edit) int { return cmp.Or(a.start-b.start, a.end-b.end, strings.Compare(a.text, b.text)) })
	es = slices.Compact(es)
	var out bytes.Buffer
	var errs []error
	last := 0
	for i, e := range es {
		if e.start < last || i > 0 && e.start == es[i-1].start && e.end == e.start && es[i-1].end == e.start {
			errs = append(errs, fmt.Errorf("fixes conflict at offset %d: %q", e.start, e.text))
			continue
		}
		out.Write(src[last:e.start])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(src[last:])
	return out.Bytes(), errors.Join(errs...)
}

// gofmtClean returns an error unless src is gofmt's output for itself.
func gofmtClean(src []byte) error {
	formatted, err := format.Source(src)
	switch {
	case err != nil:
		return fmt.Errorf("fixed file does not parse: %w\n%s", err, src)
	case !bytes.Equal(formatted, src):
		return fmt.Errorf("fixed file is not gofmt-clean:\n%s\nwant:\n%s", src, formatted)
	}
	return nil
}

// checkDiagnostic checks what every diagnostic of the pass must look like.
func checkDiagnostic(t *testing.T, fset *token.FileSet, d analysis.Diagnostic) {
	t.Helper()
	pos := fset.Position(d.Pos)
	if d.Category == "" || !strings.HasPrefix(d.URL, "https://github.com/factoryscope/factoryscope/blob/main/docs/rules.md#") {
		t.Errorf("%s: diagnostic without category or docs/rules.md URL: %+v", pos, d)
	}
	if len(d.SuggestedFixes) > 1 {
		t.Errorf("%s: %d fixes, want at most one", pos, len(d.SuggestedFixes))
	}
	for _, fix := range d.SuggestedFixes {
		if fix.Message == "" {
			t.Errorf("%s: fix without a message", pos)
		}
		for _, e := range fix.TextEdits {
			if fset.File(e.Pos) != fset.File(d.Pos) {
				t.Errorf("%s: fix edits another file: %s", pos, fset.Position(e.Pos))
			}
		}
	}
}

// checkAlone applies the fix of d alone, as an editor's quick fix does,
// checks that the fixed file is gofmt-clean (apart from the alignment of
// "// want" comments) and type-checks the package with the result.
func checkAlone(t *testing.T, pass *analysis.Pass, d analysis.Diagnostic) {
	t.Helper()
	if len(d.SuggestedFixes) == 0 {
		return
	}
	fix := d.SuggestedFixes[0]
	fset := token.NewFileSet()
	var files []*ast.File
	for _, f := range pass.Files {
		tf := pass.Fset.File(f.Pos())
		src, err := pass.ReadFile(tf.Name())
		if err != nil {
			t.Fatal(err)
		}
		if tf == pass.Fset.File(d.Pos) {
			edits := slices.Clone(fix.TextEdits)
			slices.SortFunc(edits, func(a, b analysis.TextEdit) int { return cmp.Compare(a.Pos, b.Pos) })
			var out bytes.Buffer
			last := 0
			for _, e := range edits {
				out.Write(src[last:tf.Offset(e.Pos)])
				out.Write(e.NewText)
				last = tf.Offset(e.End)
			}
			out.Write(src[last:])
			src = out.Bytes()
			if err := gofmtClean(wantComment.ReplaceAll(src, nil)); err != nil {
				t.Errorf("%s: fix %q alone: %v", pass.Fset.Position(d.Pos), fix.Message, err)
			}
		}
		file, err := parser.ParseFile(fset, tf.Name(), src, parser.ParseComments)
		if err != nil {
			t.Errorf("%s: fix %q alone does not parse: %v", pass.Fset.Position(d.Pos), fix.Message, err)
			return
		}
		files = append(files, file)
	}
	// Every package the fixed file may import is a dependency of the
	// original, loaded from source by analysistest, so complete.
	deps := map[string]*types.Package{}
	var walk func(*types.Package)
	walk = func(p *types.Package) {
		for _, imp := range p.Imports() {
			if deps[imp.Path()] == nil {
				deps[imp.Path()] = imp
				walk(imp)
			}
		}
	}
	walk(pass.Pkg)
	conf := types.Config{Importer: importerFunc(func(path string) (*types.Package, error) {
		if p := deps[path]; p != nil {
			return p, nil
		}
		return nil, fmt.Errorf("%s is not a dependency", path)
	})}
	if _, err := conf.Check(pass.Pkg.Path(), fset, files, nil); err != nil {
		t.Errorf("%s: fix %q alone breaks the package: %v", pass.Fset.Position(d.Pos), fix.Message, err)
	}
}

type importerFunc func(string) (*types.Package, error)

func (f importerFunc) Import(path string) (*types.Package, error) { return f(path) }
