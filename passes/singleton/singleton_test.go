package singleton_test

import (
	"os/exec"
	"slices"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/factoryscope/factoryscope/internal/objref"
	"github.com/factoryscope/factoryscope/passes/singleton"
)

func ref(s string) objref.Ref {
	r, err := objref.Parse(s)
	if err != nil {
		panic(err)
	}
	return r
}

// rules parses "singleton -> replacement" pairs.
func rules(pairs ...string) []singleton.ParsedRule {
	var out []singleton.ParsedRule
	for _, p := range pairs {
		s, r, ok := strings.Cut(p, " -> ")
		if !ok {
			panic("rule without ->: " + p)
		}
		out = append(out, singleton.ParsedRule{Singleton: ref(s), Replacement: ref(r)})
	}
	return out
}

// The rules of the testdata packages, by the singletons' packages.
const sup = "example.com/app/agents/supervisor."

var (
	supervisorRules = rules(
		sup+"GetAgentInstanceFactory -> "+sup+"CreateAgentInstanceFactory",
		sup+"Default -> "+sup+"CreateAgentInstanceFactory",
		sup+"Named -> "+sup+"CreateNamed",
	)
	legacyRule   = rules("example.com/app/legacy.Factory -> " + sup + "CreateAgentInstanceFactory")
	regRule      = rules("example.com/app/reg.Get -> example.com/app/regnew.Create")
	sessionsRule = rules("example.com/app/sessions.Global -> example.com/app/sessions.ForUser")
	misfitRules  = rules(
		"example.com/app/misfit.Get -> example.com/app/misfit.Create",
		"example.com/app/misfit.NotAFunc -> example.com/app/misfit.Create",
		"example.com/app/misfit.Missing -> example.com/app/misfit.Create",
	)
	valsRules = rules(
		"example.com/app/vals.Val -> example.com/app/vals.CreateVal",
		"example.com/app/vals.Cnt -> example.com/app/vals.CreateCnt",
	)
	oldRules = rules(
		"example.com/zz/old.Get -> example.com/app/multi/impl.Create",
		"example.com/zz/old.Impl -> example.com/app/multi/impl.Create",
	)
	readersRules = rules(
		"example.com/app/readers.Get -> example.com/app/readers.Create",
		"example.com/app/readers.Pair -> example.com/app/readers.CreatePair",
		"example.com/app/readers.Opaque -> example.com/app/readers.CreateOpaque",
		"example.com/app/readers.Hook -> example.com/app/readers.CreateHook",
	)
	identityRules = rules(
		"example.com/id/agents.Ambig -> example.com/id/agents.ForAmbig",
		"example.com/id/agents.Cfg -> example.com/id/agents.ForCfg",
		"example.com/id/agents.Marked -> example.com/id/agents.ForMarked",
		"example.com/id/agents.Ambig2 -> example.com/id/agents.ForMarked2",
	)
	indirectRules = rules(
		"example.com/wrap/agents.Shared -> example.com/wrap/agents.ForUser",
		"context.Background -> context.WithoutCancel",
	)
)

// allRules are the rules of every test, for the fact round trip, the
// fuzzer and the benchmark, which run them all at once.
func allRules() singleton.Settings {
	return with(supervisorRules, legacyRule, regRule, sessionsRule, misfitRules, valsRules, oldRules, readersRules, identityRules, indirectRules)
}

// run analyzes pkgs with s, applies each fix alone and all together to
// their golden files, and checks that the fixed packages compile.
func run(t *testing.T, s singleton.Settings, pkgs ...string) {
	t.Helper()
	t.Parallel()
	checkFixes(t, analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), singleton.New(s), pkgs...))
}

// with returns settings holding the given rule lists.
func with(lists ...[]singleton.ParsedRule) singleton.Settings {
	return singleton.Settings{Rules: slices.Concat(lists...)}
}

// Calls, function values and variable reads in handlers, with the
// request's user context, context.Context, r.Context() or none in scope;
// the singleton's own package.
func TestDirectUses(t *testing.T) {
	run(t, with(supervisorRules), "example.com/app/agents/supervisor", "handlers")
}

// A file that does not import the constructor's package gets the import,
// once, however many of its sites are fixed.
func TestImportAdded(t *testing.T) { run(t, with(supervisorRules), "noimport") }

// An aliased or dot import of the singleton's package.
func TestAliasedImports(t *testing.T) { run(t, with(supervisorRules), "aliased") }

// A local name that shadows a package the fix needs.
func TestShadowedPackage(t *testing.T) { run(t, with(supervisorRules), "shadow") }

// Test helpers and the Go version that allows t.Context().
func TestTestHelpers(t *testing.T) { run(t, with(supervisorRules), "testhelpers") }

// Package main has no request: its sites get no fix.
func TestMainPackage(t *testing.T) { run(t, with(supervisorRules), "appmain") }

// Generated files are not reported.
func TestGeneratedFile(t *testing.T) { run(t, with(supervisorRules), "gen") }

// A singleton declared by a //factoryscope:singleton directive, with no
// configured rule.
func TestDirective(t *testing.T) { run(t, with(), "example.com/lib/client", "directiveuse") }

// A configured replacement that does not fit its singleton.
func TestMisfitReplacement(t *testing.T) {
	run(t, with(misfitRules), "example.com/app/misfit", "misfituse")
}

// A singleton whose replacement lives in another package: the singleton's
// import goes with its last use.
func TestReplacementElsewhere(t *testing.T) {
	run(t, with(supervisorRules, legacyRule), "example.com/app/legacy", "legacyuse")
}

// A replacement the site's package may not import.
func TestReplacementNotVisible(t *testing.T) { run(t, with(regRule), "reguse") }

// A replacement in an internal package: visible from inside its tree only.
func TestInternalReplacement(t *testing.T) {
	run(t, with(sessionsRule), "example.com/app/web", "example.com/other/site")
}

// Variables whose uses need their storage get no fix.
func TestVariables(t *testing.T) { run(t, with(valsRules), "valuse") }

// Calls split over lines, with comments.
func TestSplitCall(t *testing.T) { run(t, with(supervisorRules), "splitcall") }

// Function literals serve their own request.
func TestClosure(t *testing.T) { run(t, with(supervisorRules), "closure") }

// A replacement whose result is converted to the singleton's type.
func TestConversions(t *testing.T) { run(t, with(readersRules), "convuse") }

// A fix that needs several new imports, and one that deletes the last use
// of an import.
func TestManyImports(t *testing.T) { run(t, with(oldRules), "manyimports") }

// The new import joins an import alone in the last group.
func TestLastImportGroup(t *testing.T) { run(t, with(regRule), "lastgroup") }

// The new import starts a group of its own.
func TestNewImportGroup(t *testing.T) { run(t, with(regRule, readersRules), "newgroup") }

// TestConfiguredConstructors checks that configured constructors come
// before discovered ones, and that a request constructor needs a request.
func TestConfiguredConstructors(t *testing.T) {
	s := with(supervisorRules)
	s.Constructors = []objref.Ref{ref("example.com/app/services/userctx.FromRequest")}
	run(t, s, "ctorcfg")
}

// TestCgo checks that uses in a file that imports "C" are reported at
// their place in that file, without a fix, although the analyzer sees
// cmd/cgo's rewrite of it, marked as generated.
func TestCgo(t *testing.T) {
	out, err := exec.Command("go", "env", "CGO_ENABLED").Output()
	if err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is not enabled")
	}
	run(t, with(supervisorRules), "cgouse")
}

// TestChosenConstructors checks that a discovered constructor is used only
// when chosen: several unmarked ones give no fix (and one rule diagnostic
// per package), a //factoryscope:constructor directive chooses one, and in
// a _test.go file the chosen test constructor is applied to t.
func TestChosenConstructors(t *testing.T) {
	run(t, with(identityRules), "ambiguse", "markeduse")
}

// TestConfiguredOrder checks that configured constructors are tried in
// their order, and that an unconfigured one is never used.
func TestConfiguredOrder(t *testing.T) {
	s := with(identityRules)
	s.Constructors = []objref.Ref{ref("example.com/id/cfg.FromRequest"), ref("example.com/id/cfg.FromContext")}
	run(t, s, "cfguse")
}

// TestConfiguredTestConstructors checks test-constructors: tried first in
// _test.go files, before a marked one.
func TestConfiguredTestConstructors(t *testing.T) {
	s := with(identityRules)
	s.TestConstructors = []objref.Ref{ref("example.com/id/marked.Anonymous")}
	run(t, s, "testctorcfg")
}

// TestValues checks that only variables holding the request count: not a
// named result, not a var before its first assignment, not a context
// derived from context.Background(), context.TODO() or a package variable.
func TestValues(t *testing.T) {
	run(t, with(supervisorRules), "valuesuse")
}

// TestShare checks that the sites of one function that pass the same
// argument share one declared factory, and where they keep the inline form.
func TestShare(t *testing.T) {
	run(t, with(identityRules), "shareuse")
}

// TestIndirect checks uses through wrappers (across packages, methods),
// holder variables and their accessors, and unexported holder fields: each
// is reported in the singleton's rule with its chain, and fixed like a
// direct use when it forwards the singleton's value.
func TestIndirect(t *testing.T) {
	run(t, with(indirectRules), "example.com/wrap/deps", "example.com/wrap/api", "example.com/wrap/server", "wrapuse", "wrapgo", "wrapmain", "example.com/wrap/reg", "wrapreg",
		"example.com/wrap/netctx", "wrapctx")
}

// TestConstructorMistakes checks that a configured constructor that does
// not exist, is not a func, has not a constructor's shape or is in the
// wrong list is reported where it is declared, not silently ignored.
func TestConstructorMistakes(t *testing.T) {
	t.Parallel()
	s := with(identityRules)
	s.Constructors = []objref.Ref{ref("example.com/id/cfg.FromCtx"), ref("example.com/id/cfg.User"), ref("example.com/id/marked.ForTest"), ref("example.com/id/cfg.Lookup")}
	s.TestConstructors = []objref.Ref{ref("example.com/id/marked.FromContext")}
	analysistest.Run(t, analysistest.TestData(), singleton.New(s), "example.com/id/cfg", "example.com/id/marked")
}
