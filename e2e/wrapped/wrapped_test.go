package wrapped_test

import (
	"encoding/json"
	"flag"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

var update = flag.Bool("update", false, "rewrite the .golden files of testdata/wrapped from the output of -fix")

var (
	// root is the repository root, relative to this package.
	root = filepath.Join("..", "..")
	// module is the end-to-end module.
	module = filepath.Join(root, "testdata", "wrapped")
)

// site is a finding: where, its category, whether it has a fix, and what
// its message says before the first "; " (the singleton, or the chain
// that leads to it), then, for a site without a fix, why not.
type site struct {
	pos      string // file:line, relative to the module
	category string
	fix      bool
	what     string
	noFix    string
}

// Reasons a site has no fix.
const (
	nothingInScope = "(no fix: nothing in scope to pass"
	initializer    = "(no fix: it is in a package-level initializer"
	inMain         = "(no fix: it is in func main"
)

// The chains, as the messages give them.
const (
	direct    = "agents.Shared is a process-wide singleton shared by all requests"
	chain     = "api.Agents returns deps.Agents, which returns deps.current, which returns the process-wide singleton agents.Shared (deps/deps.go:11)"
	accessor  = "deps.Fallback returns deps.fallback, which holds the process-wide singleton agents.Shared (deps/deps.go:19)"
	container = "deps.Container.Agents returns the process-wide singleton agents.Shared (deps/deps.go:33)"
	field     = "server.Server.agents holds the process-wide singleton agents.Shared (server/server.go:24)"
)

// leftUnfixed are the sites without a request in reach: the bodies of the
// wrappers and accessors, the holder variable's initializer, the
// constructor that fills the holder field, and main. -fix leaves them as
// they are, but the import it adds to main.go and server.go moves their
// sites one line down.
func leftUnfixed(fixed bool) []site {
	moved := 0
	if fixed {
		moved = 1
	}
	return []site{
		{"api/api.go:12", "indirect", false, "deps.Agents returns deps.current, which returns the process-wide singleton agents.Shared (deps/deps.go:11)", nothingInScope},
		{fmt.Sprintf("cmd/server/main.go:%d", 34+moved), "indirect", false, accessor, inMain},
		{"deps/deps.go:11", "singleton", false, direct, nothingInScope},
		{"deps/deps.go:16", "indirect", false, "deps.current returns the process-wide singleton agents.Shared (deps/deps.go:11)", nothingInScope},
		{"deps/deps.go:19", "singleton", false, direct, initializer},
		{"deps/deps.go:23", "indirect", false, "deps.fallback holds the process-wide singleton agents.Shared (deps/deps.go:19)", nothingInScope},
		{"deps/deps.go:33", "singleton", false, direct, nothingInScope},
		{fmt.Sprintf("server/server.go:%d", 24+moved), "singleton", false, direct, nothingInScope},
	}
}

// beforeFix is every finding in testdata/wrapped: the sites left unfixed,
// and the handlers' indirect uses, each fixed like a direct use.
var beforeFix = slices.Concat(leftUnfixed(false), []site{
	{"cmd/server/main.go:29", "indirect", true, chain, ""}, // a handler closure in main
	{"handlers/handlers.go:18", "indirect", true, chain, ""},
	{"handlers/handlers.go:26", "indirect", true, accessor, ""},
	{"handlers/handlers.go:27", "indirect", true, accessor, ""},
	{"handlers/handlers.go:40", "indirect", true, container, ""}, // in a loop
	{"handlers/handlers.go:44", "indirect", true, container, ""}, // in a goroutine
	{"handlers/handlers.go:46", "indirect", true, container, ""},
	{"server/server.go:38", "indirect", true, field, ""},
	{"server/server.go:46", "indirect", true, field, ""},
	{"server/server.go:47", "indirect", true, field, ""},
	{"server/server.go:57", "indirect", true, field, ""}, // with ctx, not a request
})

// The module's isolation tests, one subtest per path to the singleton:
// each must fail before -fix.
var isolationTests = []string{
	"TestIsolation/Whoami_(wrapper_chain)",
	"TestIsolation/Install_(holder_accessor)",
	"TestIsolation/Batch_(container_method)",
	"TestIsolation/Whoami",
	"TestIsolation/Install",
	"TestIsolation/Run",
}

// TestFix: the module's isolation tests fail before -fix through every
// path to the singleton; -fix reports each indirect use with its chain,
// fixes the handlers' ones like direct uses (one factory per handler,
// shared with its goroutine; the session import added, the api import
// dropped with its last use) into the goldens; afterwards the module
// builds, vets and passes its tests, and only the sites without a request
// are left, the indirect ones in category indirect.
func TestFix(t *testing.T) {
	bin := filepath.Join(t.TempDir(), "factoryscope")
	dir := e2etest.CopyModule(t, module)

	t.Run("before", func(t *testing.T) {
		t.Run("build factoryscope", func(t *testing.T) {
			t.Parallel()
			e2etest.Must(t, root, "go", "build", "-o", bin, "./cmd/factoryscope")
		})
		// The module builds and vets, and its tests fail on what the fix
		// is for, through every path, not on a build error or a panic.
		t.Run("tests fail", func(t *testing.T) {
			t.Parallel()
			e2etest.Must(t, dir, "go", "vet", "./...")
			r := e2etest.Run(t, dir, "go", "test", "-count=1", "./...")
			out := r.Stdout + r.Stderr
			if r.Code == 0 || strings.Contains(out, "build failed") || strings.Contains(out, "setup failed") || strings.Contains(out, "panic:") {
				t.Errorf("go test before -fix: exit %d, want failures of TestIsolation and no build failure or panic\n%s", r.Code, out)
			}
			for _, name := range isolationTests {
				if !strings.Contains(out, "--- FAIL: "+name+" ") {
					t.Errorf("go test before -fix: %s did not fail\n%s", name, out)
				}
			}
		})
	})
	if t.Failed() {
		return
	}

	// The directives are the only rules: .golangci.yml has no settings.
	checkFindings(t, "before -fix", findings(t, bin, dir), beforeFix)

	// -fix says what it fixed, lists the sites it left (where they were
	// before the fix) and exits 3 for them.
	r := e2etest.Run(t, dir, bin, "-fix", "./...")
	const summary = "factoryscope: fixed 11 sites in 3 files; 8 sites not fixed:"
	_, listed, ok := strings.Cut(r.Stderr, summary+"\n")
	if r.Code != 3 || !ok {
		t.Fatalf("factoryscope -fix: exit %d, want 3 and %q\n%s%s", r.Code, summary, r.Stdout, r.Stderr)
	}
	var left []string
	for line := range strings.Lines(listed) {
		pos, ok := relPos(dir, line)
		if !ok {
			t.Errorf("factoryscope -fix: %q is not a site", line)
		}
		left = append(left, pos)
	}
	equal(t, "sites -fix left", left, positions(leftUnfixed(false)))
	if goldens := e2etest.CompareGoldens(t, module, dir, *update); goldens != 3 {
		t.Errorf("%d .golden files in testdata/wrapped, want 3 (handlers, server, main)", goldens)
	}

	t.Run("after", func(t *testing.T) {
		t.Run("build, vet, test", func(t *testing.T) {
			t.Parallel()
			e2etest.Must(t, dir, "go", "build", "./...")
			e2etest.Must(t, dir, "go", "vet", "./...")
			e2etest.Must(t, dir, "go", "test", "-count=1", "./...")
		})
		t.Run("left unfixed", func(t *testing.T) {
			t.Parallel()
			checkFindings(t, "after -fix", findings(t, bin, dir), leftUnfixed(true))
		})
	})
}

// positions returns the sorted positions of sites.
func positions(sites []site) []string {
	var pos []string
	for _, s := range sites {
		pos = append(pos, s.pos)
	}
	slices.Sort(pos)
	return pos
}

func equal(t *testing.T, what string, got, want []string) {
	t.Helper()
	got = slices.Sorted(slices.Values(got))
	if !slices.Equal(got, want) {
		t.Errorf("%s:\n got  %q\n want %q", what, got, want)
	}
}

// relPos returns "file:line" relative to dir of a line of driver output
// that starts with "/abs/file.go:line:col: ".
func relPos(dir, line string) (string, bool) {
	file, rest, ok := strings.Cut(line, ".go:")
	if !ok || !filepath.IsAbs(file) {
		return "", false // a note such as "no rules configured"
	}
	n, _, _ := strings.Cut(rest, ":")
	rel, err := filepath.Rel(dir, file+".go")
	if err != nil {
		return "", false
	}
	return filepath.ToSlash(rel) + ":" + n, true
}

// finding is a diagnostic of factoryscope -json.
type finding struct {
	Category       string
	Posn           string
	Message        string
	SuggestedFixes []json.RawMessage `json:"suggested_fixes"`
}

// findings runs factoryscope -json in dir and returns its findings by
// "file:line"; a site that a package and its test variant both report
// must be reported the same way by both.
func findings(t *testing.T, bin, dir string) map[string]finding {
	t.Helper()
	r := e2etest.Run(t, dir, bin, "-json", "./...")
	if r.Code != 0 {
		t.Fatalf("factoryscope -json: exit %d\n%s", r.Code, r.Stderr)
	}
	var tree map[string]map[string]json.RawMessage // package -> analyzer -> diagnostics or error
	if err := json.Unmarshal([]byte(r.Stdout), &tree); err != nil {
		t.Fatalf("factoryscope -json: %v\n%s", err, r.Stdout)
	}
	got := map[string]finding{}
	for pkg, byAnalyzer := range tree {
		for name, raw := range byAnalyzer {
			var diags []finding
			if err := json.Unmarshal(raw, &diags); err != nil {
				t.Fatalf("%s: %s: not a list of diagnostics: %s", pkg, name, raw)
			}
			for _, d := range diags {
				pos, ok := relPos(dir, d.Posn)
				if !ok {
					t.Fatalf("%s: a diagnostic at %q", pkg, d.Posn)
				}
				if prev, dup := got[pos]; dup && (prev.Posn != d.Posn || prev.Message != d.Message || prev.Category != d.Category || len(prev.SuggestedFixes) != len(d.SuggestedFixes)) {
					t.Errorf("%s is reported twice, differently:\n\t%+v\n\t%+v", pos, prev, d)
				}
				got[pos] = d
			}
		}
	}
	return got
}

// checkFindings compares findings with the sites they must be.
func checkFindings(t *testing.T, when string, got map[string]finding, want []site) {
	t.Helper()
	for _, s := range want {
		f, ok := got[s.pos]
		if !ok {
			t.Errorf("%s: no finding at %s, want %q", when, s.pos, s.what)
			continue
		}
		delete(got, s.pos)
		what, _, _ := strings.Cut(f.Message, "; ")
		if f.Category != s.category || (len(f.SuggestedFixes) > 0) != s.fix || what != s.what || !strings.Contains(f.Message, s.noFix) {
			t.Errorf("%s: %s: category %q, %d fixes, message\n\t%s\nwant category %q, fix %v, a message starting\n\t%s\nand containing %q",
				when, s.pos, f.Category, len(f.SuggestedFixes), f.Message, s.category, s.fix, s.what, s.noFix)
		}
		if !s.fix && !strings.Contains(f.Message, "(no fix: ") {
			t.Errorf("%s: %s has no fix and no reason: %s", when, s.pos, f.Message)
		}
	}
	for pos, f := range got {
		t.Errorf("%s: unexpected finding at %s: %s", when, pos, f.Message)
	}
}
