package driver

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"

	"github.com/factoryscope/factoryscope/passes/ctors"
)

// A text analysed before gets its earlier result back without being
// type-checked again, with the facts its package exported then; a save
// (Invalidate) or another text does not.
func TestMemo(t *testing.T) {
	files := archive(t, "memo.txtar")
	dir := writeModule(t, files)
	// report reports each function, so that results differ by text.
	report := &analysis.Analyzer{Name: "report", Doc: "report: functions", Requires: []*analysis.Analyzer{ctors.Analyzer},
		Run: func(pass *analysis.Pass) (any, error) {
			for _, name := range pass.Pkg.Scope().Names() {
				obj := pass.Pkg.Scope().Lookup(name)
				pass.Report(analysis.Diagnostic{Pos: obj.Pos(), Message: name})
			}
			return nil, nil
		}}
	d, err := New([]*analysis.Analyzer{report}, append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off"))
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "p", "p.go")
	a := files["p/p.go"]
	b := strings.Replace(a, "func NewT(ctx context.Context) *T", "func MakeT(ctx context.Context) *T", 1)
	analyse := func(src string) (*Result, *pkgFacts) {
		t.Helper()
		res, err := d.Analyze(context.Background(), file, map[string][]byte{file: []byte(src)})
		if err != nil {
			t.Fatal(err)
		}
		return res, d.facts.byPath["example.com/m/p"]
	}
	checks := func(want int) {
		t.Helper()
		if d.loader.checks != want {
			t.Fatalf("%d type-checks, want %d", d.loader.checks, want)
		}
	}
	resA, factsA := analyse(a)
	resB, factsB := analyse(b)
	checks(2)
	if reflect.DeepEqual(resA.Diagnostics, resB.Diagnostics) || reflect.DeepEqual(factsA.pkgs, factsB.pkgs) {
		t.Fatal("two texts with the same diagnostics or facts: the test shows nothing")
	}
	again, facts := analyse(a)
	checks(2)
	if !again.Reused || resB.Reused {
		t.Errorf("reused: %v for the same text again, %v for a new one", again.Reused, resB.Reused)
	}
	if !reflect.DeepEqual(again.Diagnostics, resA.Diagnostics) || !reflect.DeepEqual(facts.pkgs, factsA.pkgs) {
		t.Fatalf("the same text again: %+v, facts %+v; want %+v, facts %+v", again.Diagnostics, facts, resA.Diagnostics, factsA)
	}
	d.Invalidate()
	analyse(a)
	checks(3)
}

// An analysis cancelled while an analyzer runs starts no other analyzer
// and leaves nothing behind: the same text analysed again runs them all.
func TestCancelBetweenAnalyzers(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module example.com/m\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(dir, "p.go")
	if err := os.WriteFile(file, []byte("package p\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var runs []string
	first := &analysis.Analyzer{Name: "first", Doc: "first: cancels", Run: func(*analysis.Pass) (any, error) {
		runs = append(runs, "first")
		cancel()
		return nil, nil
	}}
	second := &analysis.Analyzer{Name: "second", Doc: "second: after first", Requires: []*analysis.Analyzer{first},
		Run: func(*analysis.Pass) (any, error) {
			runs = append(runs, "second")
			return nil, nil
		}}
	d, err := New([]*analysis.Analyzer{second}, append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Analyze(ctx, file, nil); err == nil {
		t.Fatal("a cancelled analysis succeeded")
	}
	if strings.Join(runs, ",") != "first" {
		t.Fatalf("analyzers run: %v, want only first", runs)
	}
	runs = nil
	if _, err := d.Analyze(context.Background(), file, nil); err != nil {
		t.Fatal(err)
	}
	if strings.Join(runs, ",") != "first,second" {
		t.Fatalf("analyzers run again: %v, want first,second", runs)
	}
}

// A result in use stays remembered however many others come and go: an
// edit back to the original text after many different ones is not
// analysed again.
func TestMemoKeepsRecent(t *testing.T) {
	d := &Driver{}
	d.remember(memo{key: "original"})
	for i := range 3 * memoSize {
		if d.recall("original") == nil {
			t.Fatalf("the original result forgotten after %d others", i)
		}
		d.remember(memo{key: fmt.Sprint(i)})
	}
	if len(d.memo) != memoSize || d.recall("0") != nil {
		t.Fatalf("%d results kept, the oldest among them: want %d, without it", len(d.memo), memoSize)
	}
}
