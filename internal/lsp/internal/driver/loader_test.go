package driver

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
)

// An edit inside a function body runs no go command; a new import, a
// save (Invalidate) or another package's unsaved text does.
func TestLoaderReuse(t *testing.T) {
	files := archive(t, "loader.txtar")
	dir := writeModule(t, files)
	nop := &analysis.Analyzer{Name: "nop", Doc: "nop: nothing", Run: func(*analysis.Pass) (any, error) { return nil, nil }}
	d, err := New([]*analysis.Analyzer{nop}, append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off"))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "p", "p.go")
	analyse := func(src string) *Result {
		t.Helper()
		res, err := d.Analyze(context.Background(), file, map[string][]byte{file: []byte(src)})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	counts := func(meta, exports int) {
		t.Helper()
		if d.loader.metaLoads != meta || d.loader.exportLoads != exports {
			t.Fatalf("go command runs: %d metadata, %d export data; want %d, %d", d.loader.metaLoads, d.loader.exportLoads, meta, exports)
		}
	}
	analyse(files["p/p.go"])
	counts(1, 1)
	res := analyse(strings.Replace(files["p/p.go"], "q.Q()", "q.Q() + 1", 1))
	counts(1, 1)
	if len(res.Diagnostics) != 0 {
		t.Fatalf("unexpected diagnostics %+v", res.Diagnostics)
	}
	res = analyse(strings.Replace(files["p/p.go"], "q.Q()", "q.Nope()", 1))
	counts(1, 1)
	if len(res.Diagnostics) != 1 || !strings.Contains(res.Diagnostics[0].Message, "Nope") {
		t.Fatalf("type error not reported: %+v", res.Diagnostics)
	}
	analyse(strings.Replace(files["p/p.go"], "import \"example.com/m/q\"", "import (\n\t\"example.com/m/q\"\n\t_ \"strings\"\n)", 1))
	counts(2, 2)
	d.Invalidate()
	analyse(files["p/p.go"])
	counts(3, 3)

	// The in-package test variant has its own metadata.
	tfile := filepath.Join(dir, "p", "x_test.go")
	if _, err := d.Analyze(context.Background(), tfile, map[string][]byte{tfile: []byte(files["p/x_test.go"])}); err != nil {
		t.Fatal(err)
	}
	counts(4, 4)
}
