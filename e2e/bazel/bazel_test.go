package bazel_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

var (
	root      = filepath.Join("..", "..")
	workspace = filepath.Join(root, "testdata", "bazel")
	recipe    = filepath.Join(workspace, "recipe")
)

// result is a command's exit code and combined output.
type result struct {
	code int
	out  string
}

func run(t *testing.T, dir string, env []string, name string, args ...string) result {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	err := cmd.Run()
	t.Logf("%s %s (in %s): %s", name, strings.Join(args, " "), dir, time.Since(start).Round(100*time.Millisecond))
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s: %v", name, err)
	}
	return result{cmd.ProcessState.ExitCode(), out.String()}
}

func must(t *testing.T, dir string, env []string, name string, args ...string) string {
	t.Helper()
	r := run(t, dir, env, name, args...)
	if r.code != 0 {
		t.Fatalf("%s %s: exit %d\n%s", name, strings.Join(args, " "), r.code, r.out)
	}
	return r.out
}

// cacheDir is where the prepared repositories and Bazel's output root live.
func cacheDir(t *testing.T) string {
	t.Helper()
	if d := os.Getenv("FACTORYSCOPE_BAZEL_CACHE"); d != "" {
		return d
	}
	d, err := os.UserCacheDir()
	if err != nil {
		t.Fatal(err)
	}
	return filepath.Join(d, "factoryscope-bazel")
}

// prepareStack runs the recipe's setup.sh into dir/stack unless it already
// ran there with the same recipe, and returns the WORKSPACE lines it made.
func prepareStack(t *testing.T, dir string) string {
	t.Helper()
	h := sha256.New()
	for _, f := range []string{"setup.sh", "WORKSPACE.tmpl", "rules_go-v0.34.0-go1.26.patch"} {
		data, err := os.ReadFile(filepath.Join(recipe, f))
		if err != nil {
			t.Fatal(err)
		}
		h.Write(data)
	}
	sum := hex.EncodeToString(h.Sum(nil))
	stack := filepath.Join(dir, "stack")
	stamp := filepath.Join(stack, "recipe.sha256")
	if data, err := os.ReadFile(stamp); err != nil || string(data) != sum {
		abs, _ := filepath.Abs(filepath.Join(recipe, "setup.sh"))
		must(t, root, nil, "sh", abs, stack)
		if err := os.WriteFile(stamp, []byte(sum), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	data, err := os.ReadFile(filepath.Join(stack, "WORKSPACE.repos"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// goPackage is what the test reads of go list -json.
type goPackage struct {
	ImportPath string
	Dir        string
	Standard   bool
	GoFiles    []string
	EmbedFiles []string
	Module     *struct{ Path, Dir string }
}

// repoName is gazelle's name for the repository of a module:
// golang.org/x/mod is org_golang_x_mod.
func repoName(module string) string {
	host, rest, _ := strings.Cut(module, "/")
	parts := strings.Split(host, ".")
	slices.Reverse(parts)
	name := strings.Join(parts, "_")
	if rest != "" {
		name += "_" + rest
	}
	return regexp.MustCompile(`[^A-Za-z0-9]`).ReplaceAllString(name, "_")
}

// prepareDeps copies the packages the nogo package needs, factoryscope's
// own and those of its dependencies other than golang.org/x/tools (which
// the stack has), into local repositories under dir/deps, one for each
// module, with BUILD files from gazelle, and returns their WORKSPACE
// lines. Only the packages' non-test Go files and embedded files are
// copied, so gazelle resolves every import from this list, not the network.
func prepareDeps(t *testing.T, dir, stack string) string {
	t.Helper()
	out := must(t, root, nil, "go", "list", "-deps", "-json", "./nogo")
	var pkgs []goPackage
	dec := json.NewDecoder(strings.NewReader(out))
	for dec.More() {
		var p goPackage
		if err := dec.Decode(&p); err != nil {
			t.Fatal(err)
		}
		if !p.Standard {
			pkgs = append(pkgs, p)
		}
	}
	deps := filepath.Join(dir, "deps")
	if err := os.RemoveAll(deps); err != nil {
		t.Fatal(err)
	}
	var directives []string
	modules := map[string]bool{}
	for _, p := range pkgs {
		rel := strings.TrimPrefix(strings.TrimPrefix(p.ImportPath, p.Module.Path), "/")
		repo := repoName(p.Module.Path)
		if p.Module.Path == "golang.org/x/tools" {
			repo = "org_golang_x_tools"
		}
		directives = append(directives, fmt.Sprintf("# gazelle:resolve go %s @%s//%s:go_default_library", p.ImportPath, repo, rel))
		if p.Module.Path == "golang.org/x/tools" {
			continue
		}
		modules[p.Module.Path] = true
		for _, f := range slices.Concat(p.GoFiles, p.EmbedFiles) {
			data, err := os.ReadFile(filepath.Join(p.Dir, f))
			if err != nil {
				t.Fatal(err)
			}
			dst := filepath.Join(deps, repo, rel, f)
			if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(dst, data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	var lines []string
	for _, m := range slices.Sorted(maps.Keys(modules)) {
		repo := filepath.Join(deps, repoName(m))
		build := slices.Concat([]string{
			"# gazelle:prefix " + m,
			"# gazelle:go_naming_convention go_default_library",
		}, directives)
		if err := os.WriteFile(filepath.Join(repo, "WORKSPACE"), []byte(fmt.Sprintf("workspace(name = %q)\n", repoName(m))), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(repo, "BUILD.bazel"), []byte(strings.Join(build, "\n")+"\n"), 0o644); err != nil {
			t.Fatal(err)
		}
		must(t, repo, []string{"GOPROXY=off", "GOFLAGS=-mod=mod"}, filepath.Join(stack, "bin", "gazelle"), "-repo_root", ".", "-go_prefix", m)
		lines = append(lines, fmt.Sprintf("local_repository(name = %q, path = %q)", repoName(m), repo))
	}
	// Bazel 4 fetches its coverage tools from the network for every test
	// rule: stand-ins, since the build only compiles the tests.
	cov := filepath.Join(deps, "remote_coverage_tools")
	if err := os.MkdirAll(cov, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, text := range map[string]string{
		"WORKSPACE": "workspace(name = \"remote_coverage_tools\")\n",
		"stub.sh":   "#!/bin/sh\necho 'coverage is not available offline' >&2\nexit 1\n",
		"BUILD.bazel": "sh_binary(name = \"coverage_report_generator\", srcs = [\"stub.sh\"], visibility = [\"//visibility:public\"])\n" +
			"sh_binary(name = \"lcov_merger\", srcs = [\"stub.sh\"], visibility = [\"//visibility:public\"])\n",
	} {
		if err := os.WriteFile(filepath.Join(cov, name), []byte(text), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	lines = append(lines, fmt.Sprintf("local_repository(name = \"remote_coverage_tools\", path = %q)", cov))
	return strings.Join(lines, "\n") + "\n"
}

// copyWorkspace copies testdata/bazel, except the recipe, to dst.
func copyWorkspace(t *testing.T, dst string) {
	t.Helper()
	if err := os.RemoveAll(dst); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(workspace, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(workspace, path)
		if d.IsDir() {
			if rel == "recipe" {
				return filepath.SkipDir
			}
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// nogoLine is a finding in Bazel's output: nogo prints
// "file:line:col: message (analyzer)", the file relative to the execution
// root or in a sandbox under it.
var nogoLine = regexp.MustCompile(`(?m)^(?:\S*/)?(app/\S+?:\d+:\d+): (.*) \(factoryscope\)$`)

func bazelFindings(out string) []string {
	var got []string
	for _, m := range nogoLine.FindAllStringSubmatch(out, -1) {
		f := m[1] + ": " + m[2]
		if !slices.Contains(got, f) { // a package and the test's copy of it
			got = append(got, f)
		}
	}
	slices.Sort(got)
	return got
}

// cliFindings runs the CLI in the module app of ws with the settings of
// the nogo config and returns its exit code and findings, with file names
// relative to ws.
func cliFindings(t *testing.T, cli, ws, config string, args ...string) (int, []string, string) {
	t.Helper()
	r := run(t, filepath.Join(ws, "app"), nil, cli, slices.Concat([]string{"-config", config}, args, []string{"./..."})...)
	var got []string
	for line := range strings.SplitSeq(r.out, "\n") {
		if rest, ok := strings.CutPrefix(line, ws+string(filepath.Separator)); ok {
			got = append(got, filepath.ToSlash(rest))
		}
	}
	slices.Sort(got)
	return r.code, got, r.out
}

func TestNogo(t *testing.T) {
	bazel, err := exec.LookPath("bazel")
	if err != nil {
		t.Skip("bazel is not installed: .ci/run installs Debian's bazel-bootstrap (see e2e/bazel/doc.go)")
	}
	if testing.Short() {
		t.Skip("-short: the Bazel build takes minutes cold")
	}
	dir := cacheDir(t)
	repos := prepareStack(t, dir)
	stack := filepath.Join(dir, "stack")
	repos += prepareDeps(t, dir, stack)

	ws := filepath.Join(dir, "ws")
	copyWorkspace(t, ws)
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(ws, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("WORKSPACE", "workspace(name = \"factoryscope_bazel_e2e\")\n\n"+repos)
	write(".bazelrc", fmt.Sprintf("startup --output_user_root=%s\nbuild --jobs=2\n", filepath.Join(dir, "root")))

	// The CLI reads the settings of the nogo config from a file.
	var nogoConfig map[string]struct {
		AnalyzerFlags map[string]string `json:"analyzer_flags"`
	}
	data, err := os.ReadFile(filepath.Join(ws, "nogo_config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &nogoConfig); err != nil {
		t.Fatal(err)
	}
	config := filepath.Join(t.TempDir(), "factoryscope.json")
	if err := os.WriteFile(config, []byte(nogoConfig["factoryscope"].AnalyzerFlags["settings"]), 0o644); err != nil {
		t.Fatal(err)
	}
	cli := filepath.Join(t.TempDir(), "factoryscope")
	must(t, root, nil, "go", "build", "-o", cli, "./cmd/factoryscope")

	t.Cleanup(func() { run(t, ws, nil, bazel, "shutdown") })

	code, want, out := cliFindings(t, cli, ws, config)
	if code != 3 || len(want) != 3 {
		t.Fatalf("factoryscope before -fix: exit %d and %d findings, want 3 and 3\n%s", code, len(want), out)
	}
	r := run(t, ws, nil, bazel, "build", "--keep_going", "//...")
	if got := bazelFindings(r.out); r.code != 1 || !slices.Equal(got, want) {
		t.Fatalf("bazel build before -fix: exit %d, findings:\n%s\nwant exit 1, the CLI's:\n%s\n\noutput:\n%s",
			r.code, strings.Join(got, "\n"), strings.Join(want, "\n"), r.out)
	}

	// Fix the copy with the CLI.
	cliFindings(t, cli, ws, config, "-fix")
	if code, got, out := cliFindings(t, cli, ws, config); code != 0 || len(got) != 0 {
		t.Fatalf("factoryscope after -fix: exit %d, want 0\n%s", code, out)
	}
	if r := run(t, ws, nil, bazel, "build", "--keep_going", "//..."); r.code != 0 {
		t.Fatalf("bazel build after -fix: exit %d, want 0\n%s", r.code, r.out)
	}
}
