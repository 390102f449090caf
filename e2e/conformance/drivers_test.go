package conformance_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

// A driver runs one of factoryscope's drivers on a workspace and returns
// its findings.
type driver struct {
	name string
	run  func(t *testing.T, w *workspace) []record
	// lacks blanks in a reference record the fields this driver does not
	// report, so that the rest can be compared.
	lacks func(record) record
}

// drivers are the four drivers; the first is the reference the others
// are compared with.
var drivers = []driver{
	{name: "cli", run: runCLI},
	{name: "vet", run: runVet},
	// golangci-lint's issues carry no category and no end position.
	{name: "golangci-lint", run: runGolangci, lacks: func(r record) record { r.Category, r.End = "", ""; return r }},
	{name: "lsp", run: runLSP},
}

// command runs name with args in dir and returns its exit code and output.
func command(t *testing.T, dir string, env []string, name string, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir, cmd.Env = dir, env
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("%s %s: %v", name, strings.Join(args, " "), err)
	}
	t.Logf("%s: %v of CPU", filepath.Base(name), cpu(cmd.ProcessState))
	return cmd.ProcessState.ExitCode(), out.String(), errOut.String()
}

// cpu is the processor time a process and the children it waited for
// used: what a driver costs, whatever else the machine runs.
func cpu(s *os.ProcessState) time.Duration {
	return (s.UserTime() + s.SystemTime()).Round(10 * time.Millisecond)
}

// jsonDiagnostic is a diagnostic in the JSON output of x/tools' drivers,
// which both the CLI and go vet's runs of the tool print.
type jsonDiagnostic struct {
	Category       string
	Posn           string
	End            string
	Message        string
	SuggestedFixes []struct {
		Message string
		Edits   []struct {
			Filename   string
			Start, End int
			New        string
		}
	} `json:"suggested_fixes"`
}

// runCLI runs factoryscope -json.
func runCLI(t *testing.T, w *workspace) []record {
	t.Helper()
	code, stdout, stderr := command(t, w.root, w.env, cliBin, append([]string{"-json"}, w.patterns...)...)
	if code != 0 {
		t.Fatalf("factoryscope -json: exit %d\n%s%s", code, stdout, stderr)
	}
	return fromJSONTrees(t, w, "factoryscope -json", stdout)
}

// runVet runs go vet -vettool with the same binary, asking for JSON.
//
// go vet runs the tool in each package's directory, where it finds the
// run's .golangci.yml as under `go vet ./...` in the module; but go vet
// is started from the directory above, where the tool's -V=full finds no
// configuration. -V=full is go vet's cache key for the tool's results:
// with the configuration in it, every run (a fresh directory, a new
// configuration) would analyse the whole standard library again, half of
// the test's time; without it, the standard library's facts, which no
// run's configuration reaches, are computed once.
func runVet(t *testing.T, w *workspace) []record {
	t.Helper()
	code, stdout, stderr := command(t, w.vet.dir, w.vet.env, "go", append([]string{"vet", "-vettool=" + cliBin, "-json"}, w.vet.patterns...)...)
	if code != 0 {
		t.Fatalf("go vet -vettool -json: exit %d\n%s%s", code, stdout, stderr)
	}
	// One JSON tree per package, each possibly after a "# package" line.
	var trees strings.Builder
	for line := range strings.Lines(stdout + stderr) {
		if !strings.HasPrefix(line, "#") {
			trees.WriteString(line)
		}
	}
	return fromJSONTrees(t, w, "go vet -json", trees.String())
}

// fromJSONTrees decodes a stream of JSON trees (package ID -> analyzer ->
// diagnostics or error) into records, once per site: a package and its
// test variant report the sites of the package's files twice.
func fromJSONTrees(t *testing.T, w *workspace, what, stream string) []record {
	t.Helper()
	var out []record
	dec := json.NewDecoder(strings.NewReader(stream))
	for {
		var tree map[string]map[string]json.RawMessage
		err := dec.Decode(&tree)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatalf("%s: %v\n%s", what, err, stream)
		}
		for pkg, byAnalyzer := range tree {
			for name, raw := range byAnalyzer {
				var diags []jsonDiagnostic
				if err := json.Unmarshal(raw, &diags); err != nil {
					t.Errorf("%s: %s: %s failed: %s", what, pkg, name, raw)
					continue
				}
				for _, d := range diags {
					r, err := jsonRecord(w.root, d)
					if err != nil {
						t.Errorf("%s: %s: %v", what, pkg, err)
						continue
					}
					out = append(out, r)
				}
			}
		}
	}
	return unique(out)
}

func jsonRecord(root string, d jsonDiagnostic) (record, error) {
	pos, err := relPos(root, d.Posn)
	if err != nil {
		return record{}, err
	}
	end, err := relPos(root, d.End)
	if err != nil {
		return record{}, err
	}
	r := record{Pos: pos, End: end, Category: d.Category, Message: d.Message}
	var fixes []string
	for _, f := range d.SuggestedFixes {
		var edits []edit
		for _, e := range f.Edits {
			edits = append(edits, edit{e.Filename, e.Start, e.End, e.New})
		}
		s, err := fixed(root, f.Message, edits)
		if err != nil {
			return record{}, fmt.Errorf("%s: %w", pos, err)
		}
		fixes = append(fixes, s)
	}
	r.Fix = strings.Join(fixes, "\n")
	return r, nil
}

func unique(rs []record) []record {
	slices.SortFunc(rs, compareRecords)
	return slices.Compact(rs)
}

// golangciIssue is an issue in golangci-lint's JSON output.
type golangciIssue struct {
	FromLinter string
	Text       string
	Pos        struct {
		Filename     string
		Line, Column int
	}
	SuggestedFixes []struct {
		Message   string
		TextEdits []struct {
			Pos, End int    // byte offsets in the issue's file
			NewText  []byte // base64 in the JSON
		}
	}
}

// analyzerName is the name of factoryscope's one analyzer. golangci-lint
// puts it in front of every message of the linter factoryscope, because
// the two names differ; the test takes it off.
const analyzerName = "singleton"

// runGolangci runs the custom golangci-lint with JSON output and its
// limits lifted (max-same-issues, max-issues-per-linter, uniq-by-line).
func runGolangci(t *testing.T, w *workspace) []record {
	t.Helper()
	env := append(slices.Clone(w.env), "GOLANGCI_LINT_CACHE="+t.TempDir())
	args := append([]string{"run", "--allow-parallel-runners", "--output.json.path=stdout", "--show-stats=false",
		"--path-mode=abs", "--max-same-issues=0", "--max-issues-per-linter=0", "--uniq-by-line=false"}, w.patterns...)
	code, stdout, stderr := command(t, w.root, env, e2etest.GolangciLint(t, repo), args...)
	if code != 0 && code != 1 { // 1: issues found
		t.Fatalf("golangci-lint run: exit %d\n%s%s", code, stdout, stderr)
	}
	var report struct{ Issues []golangciIssue }
	if err := json.Unmarshal([]byte(stdout), &report); err != nil {
		t.Fatalf("golangci-lint JSON output: %v\n%s%s", err, stdout, stderr)
	}
	var out []record
	for _, is := range report.Issues {
		rel, err := filepath.Rel(w.root, is.Pos.Filename)
		if err != nil || is.FromLinter != "factoryscope" {
			t.Errorf("golangci-lint: %s %s:%d: %s", is.FromLinter, is.Pos.Filename, is.Pos.Line, is.Text)
			continue
		}
		pos := fmt.Sprintf("%s:%d:%d", filepath.ToSlash(rel), is.Pos.Line, is.Pos.Column)
		msg, ok := strings.CutPrefix(is.Text, analyzerName+": ")
		if !ok {
			t.Errorf("golangci-lint: %s: %q does not start with the analyzer's name", pos, is.Text)
		}
		r := record{Pos: pos, Message: msg}
		var fixes []string
		for _, f := range is.SuggestedFixes {
			var edits []edit
			for _, e := range f.TextEdits {
				edits = append(edits, edit{is.Pos.Filename, e.Pos, e.End, string(e.NewText)})
			}
			s, err := fixed(w.root, f.Message, edits)
			if err != nil {
				t.Errorf("golangci-lint: %s: %v", pos, err)
				continue
			}
			fixes = append(fixes, s)
		}
		r.Fix = strings.Join(fixes, "\n")
		out = append(out, r)
	}
	return unique(out)
}

// hasNolint reports whether the line of pos carries a //nolint directive that
// names factoryscope (or no linter). golangci-lint drops such sites by
// design, and only golangci-lint reads the directive.
func hasNolint(root, pos string) bool {
	src, err := os.ReadFile(filepath.Join(root, fileOf(pos)))
	if err != nil {
		return false
	}
	n, _, _ := strings.Cut(pos[len(fileOf(pos))+1:], ":")
	line, err := strconv.Atoi(n)
	lines := strings.Split(string(src), "\n")
	if err != nil || line < 1 || line > len(lines) {
		return false
	}
	_, directive, ok := strings.Cut(lines[line-1], "//nolint")
	if !ok {
		return false
	}
	names, ok := strings.CutPrefix(directive, ":")
	if !ok {
		return true
	}
	names, _, _ = strings.Cut(names, " ")
	return slices.ContainsFunc(strings.Split(names, ","), func(n string) bool { return n == "factoryscope" || n == "all" })
}
