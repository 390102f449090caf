package singleton_test

import (
	"os/exec"
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

// settings are the rules the testdata packages are written against.
func settings() singleton.Settings {
	const sup = "example.com/app/agents/supervisor."
	return singleton.Settings{Rules: []singleton.ParsedRule{
		{Singleton: ref(sup + "GetAgentInstanceFactory"), Replacement: ref(sup + "CreateAgentInstanceFactory")},
		{Singleton: ref(sup + "Default"), Replacement: ref(sup + "CreateAgentInstanceFactory")},
		{Singleton: ref(sup + "Named"), Replacement: ref(sup + "CreateNamed")},
		{Singleton: ref("example.com/app/legacy.Factory"), Replacement: ref(sup + "CreateAgentInstanceFactory")},
		{Singleton: ref("example.com/app/reg.Get"), Replacement: ref("example.com/app/regnew.Create")},
		{Singleton: ref("example.com/app/sessions.Global"), Replacement: ref("example.com/app/sessions.ForUser")},
		{Singleton: ref("example.com/app/misfit.Get"), Replacement: ref("example.com/app/misfit.Create")},
		{Singleton: ref("example.com/app/misfit.NotAFunc"), Replacement: ref("example.com/app/misfit.Create")},
		{Singleton: ref("example.com/app/misfit.Missing"), Replacement: ref("example.com/app/misfit.Create")},
		{Singleton: ref("example.com/app/vals.Val"), Replacement: ref("example.com/app/vals.CreateVal")},
		{Singleton: ref("example.com/app/vals.Cnt"), Replacement: ref("example.com/app/vals.CreateCnt")},
		{Singleton: ref("example.com/zz/old.Get"), Replacement: ref("example.com/app/multi/impl.Create")},
		{Singleton: ref("example.com/zz/old.Impl"), Replacement: ref("example.com/app/multi/impl.Create")},
		{Singleton: ref("example.com/app/readers.Get"), Replacement: ref("example.com/app/readers.Create")},
		{Singleton: ref("example.com/app/readers.Pair"), Replacement: ref("example.com/app/readers.CreatePair")},
		{Singleton: ref("example.com/app/readers.Opaque"), Replacement: ref("example.com/app/readers.CreateOpaque")},
		{Singleton: ref("example.com/app/readers.Hook"), Replacement: ref("example.com/app/readers.CreateHook")},
		{Singleton: ref("example.com/id/agents.Ambig"), Replacement: ref("example.com/id/agents.ForAmbig")},
		{Singleton: ref("example.com/id/agents.Cfg"), Replacement: ref("example.com/id/agents.ForCfg")},
		{Singleton: ref("example.com/id/agents.Marked"), Replacement: ref("example.com/id/agents.ForMarked")},
		{Singleton: ref("example.com/id/agents.Ambig2"), Replacement: ref("example.com/id/agents.ForMarked2")},
	}}
}

func TestSingleton(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), singleton.New(settings()),
		"example.com/app/agents/supervisor", "handlers", "noimport", "aliased", "shadow",
		"testhelpers", "appmain", "gen", "example.com/lib/client", "directiveuse",
		"example.com/app/misfit", "misfituse", "example.com/app/legacy", "legacyuse",
		"reguse", "example.com/app/web", "example.com/other/site", "valuse", "splitcall", "closure", "convuse", "manyimports", "lastgroup", "newgroup")
	checkFixes(t, results)
}

// TestConfiguredConstructors checks that configured constructors come
// before discovered ones, and that a request constructor needs a request.
func TestConfiguredConstructors(t *testing.T) {
	t.Parallel()
	s := settings()
	s.Constructors = []objref.Ref{ref("example.com/app/services/userctx.FromRequest")}
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), singleton.New(s), "ctorcfg")
	checkFixes(t, results)
}

// TestCgo checks that uses in a file that imports "C" are reported at
// their place in that file, without a fix, although the analyzer sees
// cmd/cgo's rewrite of it, marked as generated.
func TestCgo(t *testing.T) {
	t.Parallel()
	out, err := exec.Command("go", "env", "CGO_ENABLED").Output()
	if err != nil || strings.TrimSpace(string(out)) != "1" {
		t.Skip("cgo is not enabled")
	}
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), singleton.New(settings()), "cgouse")
	checkFixes(t, results)
}

// TestChosenConstructors checks that a discovered constructor is used only
// when chosen: several unmarked ones give no fix (and one rule diagnostic
// per package), a //factoryscope:constructor directive chooses one, and in
// a _test.go file the chosen test constructor is applied to t.
func TestChosenConstructors(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), singleton.New(settings()), "ambiguse", "markeduse")
	checkFixes(t, results)
}

// TestConfiguredOrder checks that configured constructors are tried in
// their order, and that an unconfigured one is never used.
func TestConfiguredOrder(t *testing.T) {
	t.Parallel()
	s := settings()
	s.Constructors = []objref.Ref{ref("example.com/id/cfg.FromRequest"), ref("example.com/id/cfg.FromContext")}
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), singleton.New(s), "cfguse")
	checkFixes(t, results)
}

// TestConfiguredTestConstructors checks test-constructors: tried first in
// _test.go files, before a marked one.
func TestConfiguredTestConstructors(t *testing.T) {
	t.Parallel()
	s := settings()
	s.TestConstructors = []objref.Ref{ref("example.com/id/marked.Anonymous")}
	results := analysistest.Run(t, analysistest.TestData(), singleton.New(s), "testctorcfg")
	checkFixes(t, results)
}

// TestValues checks that only variables holding the request count: not a
// named result, not a var before its first assignment, not a context
// derived from context.Background(), context.TODO() or a package variable.
func TestValues(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), singleton.New(settings()), "valuesuse")
	checkFixes(t, results)
}

// TestShare checks that the sites of one function that pass the same
// argument share one declared factory, and where they keep the inline form.
func TestShare(t *testing.T) {
	t.Parallel()
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), singleton.New(settings()), "shareuse")
	checkFixes(t, results)
}

// TestIndirect checks uses through wrappers (across packages, methods),
// holder variables and their accessors, and unexported holder fields: each
// is reported in the singleton's rule with its chain, and fixed like a
// direct use when it forwards the singleton's value.
func TestIndirect(t *testing.T) {
	t.Parallel()
	s := singleton.Settings{Rules: []singleton.ParsedRule{
		{Singleton: ref("example.com/wrap/agents.Shared"), Replacement: ref("example.com/wrap/agents.ForUser")},
		{Singleton: ref("context.Background"), Replacement: ref("context.WithoutCancel")},
	}}
	results := analysistest.RunWithSuggestedFixes(t, analysistest.TestData(), singleton.New(s),
		"example.com/wrap/deps", "example.com/wrap/api", "example.com/wrap/server", "wrapuse", "wrapgo", "wrapmain", "example.com/wrap/reg", "wrapreg",
		"example.com/wrap/netctx", "wrapctx")
	checkFixes(t, results)
}

// TestConstructorMistakes checks that a configured constructor that does
// not exist, is not a func, has not a constructor's shape or is in the
// wrong list is reported where it is declared, not silently ignored.
func TestConstructorMistakes(t *testing.T) {
	t.Parallel()
	s := settings()
	s.Constructors = []objref.Ref{ref("example.com/id/cfg.FromCtx"), ref("example.com/id/cfg.User"), ref("example.com/id/marked.ForTest"), ref("example.com/id/cfg.Lookup")}
	s.TestConstructors = []objref.Ref{ref("example.com/id/marked.FromContext")}
	analysistest.Run(t, analysistest.TestData(), singleton.New(s), "example.com/id/cfg", "example.com/id/marked")
}
