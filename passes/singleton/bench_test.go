package singleton_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/passes/ctors"
	"github.com/factoryscope/factoryscope/passes/directive"
	"github.com/factoryscope/factoryscope/passes/singleton"
)

// benchFiles and benchFuncs size the generated package: 50 files of 20
// functions (about 16,000 lines), one singleton use in every function.
const benchFiles, benchFuncs = 50, 20

// BenchmarkSingleton runs the pass, with the fact passes it requires, on a
// generated package of realistic size; "facts" runs the fact passes alone,
// so the difference is the cost of the singleton pass itself.
//
//	go test -run '^$' -bench Singleton -benchmem ./passes/singleton/
func BenchmarkSingleton(b *testing.B) {
	pkgs := loadBenchPackage(b)
	a := singleton.New(allRules())
	var sites int
	for _, tc := range []struct {
		name      string
		analyzers []*analysis.Analyzer
	}{
		{"facts", []*analysis.Analyzer{directive.Analyzer, ctors.Analyzer}},
		{"singleton", []*analysis.Analyzer{a}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			for b.Loop() {
				g, err := checker.Analyze(tc.analyzers, pkgs, nil)
				if err != nil {
					b.Fatal(err)
				}
				sites = 0
				for _, act := range g.Roots {
					if act.Err != nil {
						b.Fatal(act.Err)
					}
					sites += len(act.Diagnostics)
				}
			}
			if tc.name == "singleton" {
				if want := benchFiles * benchFuncs; sites != want {
					b.Fatalf("got %d diagnostics, want %d", sites, want)
				}
				b.ReportMetric(float64(sites), "diagnostics/op")
			}
		})
	}
}

// loadBenchPackage writes the generated package into a GOPATH tree next to
// copies of the testdata stubs it uses, and loads it with its dependencies
// from source, as the checker needs.
func loadBenchPackage(b *testing.B) []*packages.Package {
	b.Helper()
	root := b.TempDir()
	for _, pkg := range []string{"example.com/app/agents/supervisor", "example.com/app/services/userctx"} {
		src := filepath.Join("testdata", "src", pkg)
		dst := filepath.Join(root, "src", pkg)
		if err := os.MkdirAll(dst, 0o755); err != nil {
			b.Fatal(err)
		}
		entries, err := os.ReadDir(src)
		if err != nil {
			b.Fatal(err)
		}
		for _, e := range entries {
			if strings.HasSuffix(e.Name(), ".go") {
				data, err := os.ReadFile(filepath.Join(src, e.Name()))
				if err != nil {
					b.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(dst, e.Name()), data, 0o644); err != nil {
					b.Fatal(err)
				}
			}
		}
	}
	dir := filepath.Join(root, "src", "bench")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		b.Fatal(err)
	}
	for f := range benchFiles {
		var sb strings.Builder
		fmt.Fprintf(&sb, "package bench\n\nimport (\n\t\"context\"\n\t\"net/http\"\n\t\"strings\"\n\n\t\"example.com/app/agents/supervisor\"\n)\n\n")
		for i := range benchFuncs {
			fmt.Fprintf(&sb, "type handler%d_%d struct{ prefix string }\n\n", f, i)
			switch i % 3 {
			case 0:
				fmt.Fprintf(&sb, "func (h *handler%d_%d) ServeHTTP(w http.ResponseWriter, r *http.Request) {\n", f, i)
			case 1:
				fmt.Fprintf(&sb, "func (h *handler%d_%d) run(ctx context.Context, name string) {\n\tr := (*http.Request)(nil)\n\t_ = r\n", f, i)
			default:
				fmt.Fprintf(&sb, "func (h *handler%d_%d) work(items []string) {\n", f, i)
			}
			fmt.Fprintf(&sb, "\tparts := strings.Split(h.prefix, \"/\")\n\tfor j, p := range parts {\n\t\tif p == \"\" {\n\t\t\tcontinue\n\t\t}\n\t\tparts[j] = strings.ToUpper(p)\n\t}\n")
			fmt.Fprintf(&sb, "\tf := supervisor.GetAgentInstanceFactory()\n\t_ = f\n\t_ = strings.Join(parts, \"-\")\n}\n\n")
		}
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("f%02d.go", f)), []byte(sb.String()), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	cfg := &packages.Config{
		Mode: packages.LoadAllSyntax,
		Dir:  dir,
		Env:  append(os.Environ(), "GOPATH="+root, "GO111MODULE=off", "GOPROXY=off"),
	}
	pkgs, err := packages.Load(cfg, "bench")
	if err != nil {
		b.Fatal(err)
	}
	if packages.PrintErrors(pkgs) > 0 {
		b.Fatal("generated package does not load")
	}
	return pkgs
}
