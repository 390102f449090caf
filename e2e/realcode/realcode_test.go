package realcode_test

import (
	"cmp"
	"encoding/json"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

const (
	// target is the module the test runs on: a large, real code base that
	// calls context.Background and context.TODO in handlers, tests and main.
	target = "golang.org/x/tools@v0.52.0"
	// rules configures factoryscope: each detached context is a
	// "singleton" whose per-request replacement is context.WithoutCancel
	// of the context in scope (so P is context.Context, and the argument
	// search looks for a context variable or x.Context()).
	rules = `rules:
  - singleton: context.Background
    replacement: context.WithoutCancel
  - singleton: context.TODO
    replacement: context.WithoutCancel
`
)

var (
	root = filepath.Join("..", "..") // the repository, relative to this package
	bin  string                      // the factoryscope binary TestMain builds
)

func TestMain(m *testing.M) {
	e2etest.MainWithCLI(m, root, &bin)
}

// TestXTools runs factoryscope -fix on a copy of golang.org/x/tools and
// requires the result to build and vet.
func TestXTools(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: copies, builds and vets golang.org/x/tools twice, more than a minute even on a warm build cache")
	}
	start := time.Now()
	dir := copyTarget(t)
	e2etest.Must(t, dir, "go", "mod", "download")
	config := filepath.Join(t.TempDir(), "rules.yml")
	if err := os.WriteFile(config, []byte(rules), 0o644); err != nil {
		t.Fatal(err)
	}
	// The copy as it is builds and vets, so that a failure after -fix is
	// the fix's.
	check(t, dir)
	prepared := time.Now()

	found := sites(t, analyse(t, dir, "-config", config, "./...").Stderr)
	if len(found) == 0 {
		t.Fatal("factoryscope reported no site in golang.org/x/tools: the rules matched nothing")
	}

	fix := summary(t, analyse(t, dir, "-config", config, "-fix", "./..."))
	if fix.fixed == 0 {
		t.Fatalf("-fix fixed no site of %d found", len(found))
	}
	if fix.fixed+len(fix.left) != len(found) {
		t.Errorf("-fix fixed %d and left %d sites, but the plain run found %d", fix.fixed, len(fix.left), len(found))
	}
	fixedAt := time.Now()

	check(t, dir)

	// Fixing again changes nothing: every site left is one the first run
	// could not fix either.
	again := summary(t, analyse(t, dir, "-config", config, "-diff", "./..."))
	if again.fixed != 0 || len(again.left) != len(fix.left) {
		t.Errorf("-diff after -fix: would fix %d and leaves %d sites, want 0 and the %d -fix left", again.fixed, len(again.left), len(fix.left))
	}

	for _, rule := range []string{"context.Background", "context.TODO"} {
		n := count(found, rule)
		t.Logf("%s: %d sites found, %d fixed, %d left", rule, n, n-count(fix.left, rule), count(fix.left, rule))
	}
	t.Logf("in all: %d sites found, %d fixed in %d files, %d left (without a fix, the message says why)", len(found), fix.fixed, fix.files, len(fix.left))
	t.Logf("time: %s to copy, download, build and vet the module; %s for factoryscope's plain run and -fix; %s in all",
		prepared.Sub(start).Round(time.Second), fixedAt.Sub(prepared).Round(time.Second), time.Since(start).Round(time.Second))
}

// check builds and vets the module in dir. -trimpath keeps the build
// cache's keys free of the directory, so a second run of the test, in
// another temporary directory, compiles only what the fix changed.
func check(t *testing.T, dir string) {
	t.Helper()
	for _, verb := range []string{"build", "vet"} {
		start := time.Now()
		e2etest.Must(t, dir, "go", verb, "-trimpath", "./...")
		t.Logf("go %s -trimpath ./...: %s", verb, time.Since(start).Round(100*time.Millisecond))
	}
}

// copyTarget asks the go command for target's directory in the module
// cache, downloading it through the proxy if needed, and copies it to a
// fresh directory (os.CopyFS writes the files writable, although they are
// read-only in the cache).
func copyTarget(t *testing.T) string {
	t.Helper()
	r := e2etest.Run(t, t.TempDir(), "go", "mod", "download", "-json", target)
	var mod struct{ Dir, Error string }
	if err := json.Unmarshal([]byte(r.Stdout), &mod); err != nil || r.Code != 0 || mod.Error != "" || mod.Dir == "" {
		t.Fatalf("go mod download -json %s: exit %d, %v %s\n%s%s", target, r.Code, err, mod.Error, r.Stdout, r.Stderr)
	}
	dir := filepath.Join(t.TempDir(), "tools")
	if err := os.CopyFS(dir, os.DirFS(mod.Dir)); err != nil {
		t.Fatal(err)
	}
	return dir
}

// analyse runs factoryscope in dir; it must end with exit 0 or 3 (no
// findings left, or some), never a load error, a crash or a panic.
func analyse(t *testing.T, dir string, args ...string) e2etest.Result {
	t.Helper()
	start := time.Now()
	r := e2etest.Run(t, dir, bin, args...)
	t.Logf("factoryscope %s: exit %d in %s", strings.Join(args, " "), r.Code, time.Since(start).Round(100*time.Millisecond))
	if (r.Code != 0 && r.Code != 3) || strings.Contains(r.Stderr, "panic:") {
		t.Fatalf("factoryscope %s: exit %d, want 0 or 3 and no panic\n%s", strings.Join(args, " "), r.Code, r.Stderr)
	}
	return r
}

// finding matches one reported site: position, then the singleton.
var finding = regexp.MustCompile(`^(\S+:\d+:\d+): (\S+) is a process-wide singleton`)

// sites returns the singleton of every site in out, one per position (a
// package and its test variant report the same site).
func sites(t *testing.T, out string) []string {
	t.Helper()
	seen := map[string]string{}
	for line := range strings.Lines(out) {
		m := finding.FindStringSubmatch(strings.TrimSuffix(line, "\n"))
		switch {
		case m != nil:
			seen[m[1]] = m[2]
		case strings.HasPrefix(line, "factoryscope: "):
		default:
			t.Errorf("unexpected output line: %q", line)
		}
	}
	var all []string
	for _, pos := range slices.Sorted(maps.Keys(seen)) {
		all = append(all, seen[pos])
	}
	return all
}

// fixResult is the summary -fix and -diff print on stderr.
type fixResult struct {
	fixed, files int
	left         []string // the singleton of each site left
}

var head = regexp.MustCompile(`^factoryscope: (?:fixed|would fix) (\d+) sites? in (\d+) files?(?:; (\d+) sites? not fixed:)?$`)

func summary(t *testing.T, r e2etest.Result) fixResult {
	t.Helper()
	first, rest, _ := strings.Cut(r.Stderr, "\n")
	m := head.FindStringSubmatch(first)
	if m == nil {
		t.Fatalf("no -fix summary on stderr:\n%s", r.Stderr)
	}
	var res fixResult
	res.fixed, _ = strconv.Atoi(m[1])
	res.files, _ = strconv.Atoi(m[2])
	res.left = sites(t, rest)
	if want, _ := strconv.Atoi(cmp.Or(m[3], "0")); len(res.left) != want {
		t.Errorf("the summary says %s sites not fixed and lists %d:\n%s", m[3], len(res.left), r.Stderr)
	}
	return res
}

func count(singletons []string, name string) int {
	n := 0
	for _, s := range singletons {
		if s == name {
			n++
		}
	}
	return n
}
