package driver_test

import (
	"context"
	"fmt"
	"go/ast"
	"go/token"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/types/typeutil"

	"github.com/factoryscope/factoryscope/internal/lsp/internal/driver"
	"github.com/factoryscope/factoryscope/passes/ctors"
	"github.com/factoryscope/factoryscope/passes/directive"
)

// probe reports every call of a directive-declared singleton (a fact from
// another package) and, at the package clause, the constructors that the
// ctors facts give for example.com/m/userctx, which the probed package
// does not import.
var probe = &analysis.Analyzer{
	Name:     "probe",
	Doc:      "probe: test analyzer",
	Requires: []*analysis.Analyzer{directive.Analyzer, ctors.Analyzer},
	Run: func(pass *analysis.Pass) (any, error) {
		dir := pass.ResultOf[directive.Analyzer].(*directive.Result)
		cs := pass.ResultOf[ctors.Analyzer].(*ctors.Result)
		for _, f := range pass.Files {
			var names []string
			for _, c := range cs.Lookup("example.com/m/userctx") {
				names = append(names, c.Name)
			}
			pass.Report(analysis.Diagnostic{Pos: f.Name.Pos(), End: f.Name.End(), Message: "ctors: " + strings.Join(names, ",")})
			ast.Inspect(f, func(n ast.Node) bool {
				call, ok := n.(*ast.CallExpr)
				if !ok {
					return true
				}
				if fn := typeutil.Callee(pass.TypesInfo, call); fn != nil {
					if s := dir.Lookup(fn); s != nil {
						pass.Report(analysis.Diagnostic{
							Pos: call.Pos(), End: call.End(),
							Message: fmt.Sprintf("singleton %s: use %s", fn.Name(), s.Replacement),
							SuggestedFixes: []analysis.SuggestedFix{{
								Message:   "use " + s.Replacement.Name,
								TextEdits: []analysis.TextEdit{{Pos: call.Fun.End() - token.Pos(len(fn.Name())), End: call.Fun.End(), NewText: []byte(s.Replacement.Name)}},
							}},
						})
					}
				}
				return true
			})
		}
		return nil, nil
	},
}

// module is the module most tests analyse: app calls lib.Get, a singleton
// by its directive.
func module(t testing.TB) map[string]string {
	t.Helper()
	return driver.Archive(t, "module.txtar")
}

func TestFactsFromDependencies(t *testing.T) {
	files := module(t)
	dir := driver.WriteModule(t, files)
	d := newDriver(t, probe)
	file := filepath.Join(dir, "app", "app.go")
	res, err := d.Analyze(context.Background(), file, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := messages(res)
	want := []string{"ctors: FromContext", "singleton Get: use example.com/m/lib.Create"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("diagnostics = %q, want %q", got, want)
	}
	fix := res.Diagnostics[1].Fixes[0].Edits[0]
	src, _ := os.ReadFile(file)
	if s := string(src[fix.Start:fix.End]); s != "Get" || fix.NewText != "Create" {
		t.Errorf("edit replaces %q with %q", s, fix.NewText)
	}

	// An unsaved edit of the dependency is seen after Invalidate only if
	// saved; here the overlay removes the directive and the facts are
	// recomputed from the overlay once invalidated.
	libFile := filepath.Join(dir, "lib", "lib.go")
	libSrc := strings.Replace(files["lib/lib.go"], "//factoryscope:singleton Create", "// no directive", 1)
	if err := os.WriteFile(libFile, []byte(libSrc), 0o644); err != nil {
		t.Fatal(err)
	}
	d.Invalidate()
	res, err = d.Analyze(context.Background(), file, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := messages(res); len(got) != 1 {
		t.Fatalf("after removing the directive: %q", got)
	}
}

func TestBrokenPackage(t *testing.T) {
	dir := driver.WriteModule(t, map[string]string{
		"go.mod": "module example.com/m\n\ngo 1.24\n",
		"p/p.go": "package p\n\nfunc F() {\n\treturn 1\n}\n",
	})
	d := newDriver(t, probe)
	file := filepath.Join(dir, "p", "p.go")
	overlay := map[string][]byte{file: []byte("package p\n\nfunc F() {\n")}
	for _, ov := range []map[string][]byte{nil, overlay} {
		res, err := d.Analyze(context.Background(), file, ov)
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Diagnostics) != 1 || res.Diagnostics[0].Severity != driver.Error {
			t.Fatalf("diagnostics = %+v, want one error", res.Diagnostics)
		}
		if d := res.Diagnostics[0]; d.File != file || d.Start == 0 {
			t.Errorf("error diagnostic at %s:%d, want a position in %s", d.File, d.Start, file)
		}
	}
}

// newDriver returns a driver for the analyzers on modules in t.TempDir(),
// with the sanity checks of facts on.
func newDriver(t *testing.T, analyzers ...*analysis.Analyzer) *driver.Driver {
	t.Helper()
	d, err := driver.New(analyzers, append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off"))
	if err != nil {
		t.Fatal(err)
	}
	driver.CheckFacts(d)
	return d
}

func messages(res *driver.Result) []string {
	var out []string
	for _, d := range res.Diagnostics {
		out = append(out, d.Message)
	}
	return out
}

// An external test package gets the facts of the package it tests.
func TestExternalTestFacts(t *testing.T) {
	files := module(t)
	files["lib/ext_test.go"] = "package lib_test\n\nimport \"example.com/m/lib\"\n\nvar _ = lib.Get()\n"
	dir := driver.WriteModule(t, files)
	d := newDriver(t, probe)
	res, err := d.Analyze(context.Background(), filepath.Join(dir, "lib", "ext_test.go"), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := messages(res)
	if len(got) != 2 || got[1] != "singleton Get: use example.com/m/lib.Create" {
		t.Fatalf("diagnostics = %q", got)
	}
}
