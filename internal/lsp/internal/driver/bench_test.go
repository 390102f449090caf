package driver_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/internal/lsp/internal/benchmod"
	"github.com/factoryscope/factoryscope/internal/lsp/internal/driver"
)

// benchDriver writes the benchmark module and returns a driver for its
// configuration and the first file of its big package.
func benchDriver(b *testing.B) (*driver.Driver, string) {
	b.Helper()
	files := benchmod.Module()
	dir := driver.WriteModule(b, files)
	big := filepath.Join(dir, "big")
	cfg, _, err := analyzer.Discover(big)
	if err != nil {
		b.Fatal(err)
	}
	suite, err := analyzer.New(cfg, big)
	if err != nil {
		b.Fatal(err)
	}
	d, err := driver.New(suite, append(os.Environ(), "GOWORK=off", "GOFLAGS=", "GOPROXY=off"))
	if err != nil {
		b.Fatal(err)
	}
	return d, filepath.Join(dir, filepath.FromSlash(benchmod.File(0)))
}

func countIn(b *testing.B, res *driver.Result, file string) int {
	b.Helper()
	n := 0
	for _, d := range res.Diagnostics {
		if d.Severity == driver.Error {
			b.Fatalf("not analysed: %s", d.Message)
		}
		if d.File == file {
			n++
		}
	}
	return n
}

// BenchmarkOpen measures a new driver's first analysis of a file of the
// 50-file package: metadata, export data, facts of the dependencies,
// type-checking and analysing.
func BenchmarkOpen(b *testing.B) {
	for range b.N {
		b.StopTimer()
		d, file := benchDriver(b)
		b.StartTimer()
		res, err := d.Analyze(context.Background(), file, nil)
		if err != nil {
			b.Fatal(err)
		}
		if n := countIn(b, res, file); n != 2 {
			b.Fatalf("%d diagnostics in %s, want 2", n, file)
		}
	}
}

// BenchmarkOpenDiskCache is BenchmarkOpen with the facts of dependencies
// in the disk cache from an earlier run, as for a server started again.
func BenchmarkOpenDiskCache(b *testing.B) {
	cache := b.TempDir()
	for i := range b.N + 1 {
		b.StopTimer()
		d, file := benchDriver(b)
		d.CacheFacts(cache, "bench")
		if i > 0 { // the first run fills the cache
			b.StartTimer()
		}
		res, err := d.Analyze(context.Background(), file, nil)
		if err != nil {
			b.Fatal(err)
		}
		if i > 0 {
			b.Log(res.Times)
		}
		if n := countIn(b, res, file); n != 2 {
			b.Fatalf("%d diagnostics in %s, want 2", n, file)
		}
	}
}

// BenchmarkEdit measures the analysis of the package after an edit of
// one of its files, alternately with and without a third singleton call,
// each time a text not analysed before (the driver remembers results).
func BenchmarkEdit(b *testing.B) {
	d, file := benchDriver(b)
	text, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := d.Analyze(context.Background(), file, map[string][]byte{file: text}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		line, want := fmt.Sprintf("\t// %d\n", i), 2
		if i%2 == 0 {
			line, want = fmt.Sprintf("\t_ = lib.Get() // %d\n", i), 3
		}
		src := strings.Replace(string(text), benchmod.Anchor, line+benchmod.Anchor, 1)
		res, err := d.Analyze(context.Background(), file, map[string][]byte{file: []byte(src)})
		if err != nil {
			b.Fatal(err)
		}
		if n := countIn(b, res, file); n != want {
			b.Fatalf("edit %d: %d diagnostics in %s, want %d", i, n, file, want)
		}
	}
}

// BenchmarkEditManySites is BenchmarkEdit on the text the benchmark's
// typing stream ends with: 100 more singleton calls in one function,
// each edit a text not analysed before.
func BenchmarkEditManySites(b *testing.B) {
	d, file := benchDriver(b)
	text, err := os.ReadFile(file)
	if err != nil {
		b.Fatal(err)
	}
	var calls strings.Builder
	for i := range 100 {
		fmt.Fprintf(&calls, "\t_ = lib.Get() // %d\n", i)
	}
	b.ResetTimer()
	for i := range b.N + 1 {
		if i == 0 {
			b.StopTimer()
		}
		src := strings.Replace(string(text), benchmod.Anchor, calls.String()+fmt.Sprintf("\t// %d\n", i)+benchmod.Anchor, 1)
		res, err := d.Analyze(context.Background(), file, map[string][]byte{file: []byte(src)})
		if err != nil {
			b.Fatal(err)
		}
		if n := countIn(b, res, file); n != 102 {
			b.Fatalf("edit %d: %d diagnostics in %s, want 102", i, n, file)
		}
		if i == 0 {
			b.StartTimer()
		}
	}
}
