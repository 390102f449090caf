package main_test

import (
	"regexp"
	"slices"
	"testing"

	"github.com/factoryscope/factoryscope/internal/e2etest"
)

// wrapped is the module whose handlers reach the singleton only through
// wrappers (api.Agents -> deps.Agents -> deps.current, two packages from
// the site), a holder variable's accessor, a container method and a
// holder field.
const wrapped = "../../testdata/wrapped"

// wrappedSites are the findings in testdata/wrapped, as "file:line:col".
var wrappedSites = []string{
	"api/api.go:12:9",
	"cmd/server/main.go:29:31",
	"cmd/server/main.go:34:2",
	"deps/deps.go:11:9",
	"deps/deps.go:16:9",
	"deps/deps.go:19:16",
	"deps/deps.go:23:9",
	"deps/deps.go:33:9",
	"handlers/handlers.go:18:18",
	"handlers/handlers.go:26:2",
	"handlers/handlers.go:27:31",
	"handlers/handlers.go:40:3",
	"handlers/handlers.go:44:26",
	"handlers/handlers.go:46:29",
	"server/server.go:24:25",
	"server/server.go:38:18",
	"server/server.go:46:2",
	"server/server.go:47:31",
	"server/server.go:57:30",
}

// findingLines returns the findings in driver output as "file:line:col"
// (relative, as go vet prints them) and their messages by position.
func findingLines(out string) ([]string, map[string]string) {
	re := regexp.MustCompile(`(?m)^(?:\./)?([^\s:#]+\.go:\d+:\d+): (.*)$`)
	var pos []string
	msgs := make(map[string]string)
	for _, m := range re.FindAllStringSubmatch(out, -1) {
		pos = append(pos, m[1])
		msgs[m[1]] = m[2]
	}
	slices.Sort(pos)
	return slices.Compact(pos), msgs
}

// TestGoVetWrapped runs go vet -vettool on testdata/wrapped. go vet runs
// the tool once per package and gives it the facts of its direct imports
// only, so the chain api.Agents -> deps.Agents -> deps.current ->
// agents.Shared reaches the handlers only if each package's wrappers
// travel as facts. go vet must report the CLI's sites, with the CLI's
// messages, and go vet -fix must write the CLI's goldens.
func TestGoVetWrapped(t *testing.T) {
	t.Parallel()
	dir := e2etest.CopyModule(t, wrapped)

	cli := e2etest.Run(t, dir, bin, "./...")
	want, wantMsgs := findingLines(relativize(cli.Stderr, dir))
	if cli.Code != 3 || !slices.Equal(want, wrappedSites) {
		t.Fatalf("factoryscope ./...: exit %d, findings\n\t%q\nwant exit 3,\n\t%q\n%s", cli.Code, want, wrappedSites, cli.Stderr)
	}
	r := e2etest.Run(t, dir, "go", "vet", "-vettool="+bin, "./...")
	got, msgs := findingLines(r.Stderr)
	if r.Code == 0 {
		t.Errorf("go vet -vettool: exit 0 despite findings")
	}
	equal(t, "go vet -vettool findings", got, want)
	for _, p := range want {
		if msgs[p] != wantMsgs[p] {
			t.Errorf("%s: go vet -vettool says\n\t%s\nthe CLI says\n\t%s", p, msgs[p], wantMsgs[p])
		}
	}

	// go vet -fix (Go 1.26) applies every fix, package by package, and
	// prints nothing (not even the sites left): the result is the CLI's.
	r = e2etest.Run(t, dir, "go", "vet", "-vettool="+bin, "-fix", "./...")
	if r.Code != 0 || r.Stderr != "" {
		t.Errorf("go vet -vettool -fix: exit %d, want 0 and no output\n%s", r.Code, r.Stderr)
	}
	if e2etest.CompareGoldens(t, wrapped, dir, false) == 0 {
		t.Errorf("no .golden files in %s", wrapped)
	}
}
