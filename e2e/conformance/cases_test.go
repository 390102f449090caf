package conformance_test

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"

	"github.com/factoryscope/factoryscope/analyzer"
)

// A run is what the drivers analyse in one go: a group of cases that share
// a configuration. Its cases are the packages of an analysistest tree that
// the pass tests analyse with that configuration, or one end-to-end module.
type run struct {
	name string
	// tree is a GOPATH-style src directory of a pass's testdata, relative
	// to the repository root; its packages are materialised as a Go
	// workspace with one module per top-level directory, so that their
	// import paths stay what the pass tests use.
	tree string
	// pkgs are the import paths in tree that are this run's cases: the
	// drivers analyse them as roots, the rest of tree only as
	// dependencies.
	pkgs []string
	// config is the factoryscope configuration (YAML) of a tree run: that
	// of the pass tests named in the comment above the run.
	config string

	// module is an end-to-end module, relative to the repository root: the
	// run's one case, analysed as ./... with the configuration that module
	// gives (see settings).
	module string
	// settings, if set, returns the configuration of module; by default it
	// is the factoryscope block of the module's own .golangci.yml (none:
	// an empty configuration, only directives).
	settings func(root string) (analyzer.Config, error)
}

// needsCgo are the packages that only build with cgo; without it they
// are left out, as TestCgo skips them.
var needsCgo = map[string]bool{"cgouse": true}

// rules are the rules of passes/singleton's tests (singleton_test.go)
// but those of TestIndirect, the base of most runs of its tree. Each test
// gives only the rules its packages use; a package has the same findings
// under all of them, since no rule here names a singleton that another
// test's packages reach (the tests' goldens were the same when they all
// ran under these rules).
const rules = `
rules:
  - {singleton: example.com/app/agents/supervisor.GetAgentInstanceFactory, replacement: example.com/app/agents/supervisor.CreateAgentInstanceFactory}
  - {singleton: example.com/app/agents/supervisor.Default, replacement: example.com/app/agents/supervisor.CreateAgentInstanceFactory}
  - {singleton: example.com/app/agents/supervisor.Named, replacement: example.com/app/agents/supervisor.CreateNamed}
  - {singleton: example.com/app/legacy.Factory, replacement: example.com/app/agents/supervisor.CreateAgentInstanceFactory}
  - {singleton: example.com/app/reg.Get, replacement: example.com/app/regnew.Create}
  - {singleton: example.com/app/sessions.Global, replacement: example.com/app/sessions.ForUser}
  - {singleton: example.com/app/misfit.Get, replacement: example.com/app/misfit.Create}
  - {singleton: example.com/app/misfit.NotAFunc, replacement: example.com/app/misfit.Create}
  - {singleton: example.com/app/misfit.Missing, replacement: example.com/app/misfit.Create}
  - {singleton: example.com/app/vals.Val, replacement: example.com/app/vals.CreateVal}
  - {singleton: example.com/app/vals.Cnt, replacement: example.com/app/vals.CreateCnt}
  - {singleton: example.com/zz/old.Get, replacement: example.com/app/multi/impl.Create}
  - {singleton: example.com/zz/old.Impl, replacement: example.com/app/multi/impl.Create}
  - {singleton: example.com/app/readers.Get, replacement: example.com/app/readers.Create}
  - {singleton: example.com/app/readers.Pair, replacement: example.com/app/readers.CreatePair}
  - {singleton: example.com/app/readers.Opaque, replacement: example.com/app/readers.CreateOpaque}
  - {singleton: example.com/app/readers.Hook, replacement: example.com/app/readers.CreateHook}
  - {singleton: example.com/id/agents.Ambig, replacement: example.com/id/agents.ForAmbig}
  - {singleton: example.com/id/agents.Cfg, replacement: example.com/id/agents.ForCfg}
  - {singleton: example.com/id/agents.Marked, replacement: example.com/id/agents.ForMarked}
  - {singleton: example.com/id/agents.Ambig2, replacement: example.com/id/agents.ForMarked2}
`

// rulefitRules are the rules of TestMisfitAcrossPackages and
// TestReplacementFacts, entries to append to rules.
const rulefitRules = `
  - {singleton: example.com/rulefit/old.Get, replacement: example.com/rulefit/newer.Create}
  - {singleton: example.com/rulefit/legacy.Get, replacement: example.com/rulefit/repl.Missing}
  - {singleton: example.com/replfact/legacy.Named, replacement: example.com/replfact/sup.CreateNamed}
  - {singleton: example.com/replfact/legacy.Default, replacement: example.com/replfact/sup.Create}
`

const singletonTree = "passes/singleton/testdata/src"

// runs is the conformance table: every package under passes/*/testdata/src
// is a case of exactly one run (TestTableCoversTestdata checks it), and
// every module under testdata/ is one.
var runs = []run{
	// The tests of singleton_test.go that configure rules only
	// (TestDirectUses to TestShare, TestCgo), with the packages they only
	// import; and
	// TestMisfitAcrossPackages and TestReplacementFacts, whose rules name
	// packages that no other case imports: in one run, every case has the
	// findings of its own test's configuration (checked with the CLI when
	// the runs were merged), and the drivers load the tree once.
	{name: "singleton", tree: singletonTree, config: rules + rulefitRules, pkgs: []string{
		"example.com/app/agents/supervisor", "handlers", "noimport", "aliased", "shadow",
		"testhelpers", "appmain", "gen", "example.com/lib/client", "directiveuse",
		"example.com/app/misfit", "misfituse", "example.com/app/legacy", "legacyuse",
		"reguse", "example.com/app/web", "example.com/other/site", "valuse", "splitcall",
		"closure", "convuse", "manyimports", "lastgroup", "newgroup",
		"cgouse",
		"ambiguse", "markeduse",
		"valuesuse",
		"shareuse",
		"example.com/rulefit/old", "example.com/rulefit/newer", "example.com/rulefit/use",
		"example.com/rulefit/repl", "example.com/rulefit/legacy",
		"example.com/replfact/legacy", "example.com/replfact/sup", "example.com/replfact/uc",
		// Imported only.
		"example.com/app/reg", "example.com/app/regnew", "example.com/app/services/userctx",
		"example.com/app/vals", "example.com/app/multi/api", "example.com/app/multi/impl",
		"example.com/app/readers", "example.com/app/sessions", "example.com/app/internal/session",
		"example.com/id/agents", "example.com/id/ambig", "example.com/zz/old",
	}},
	// TestConfiguredConstructors, TestConfiguredOrder and
	// TestConstructorMistakes: the mistaken constructors come first, so
	// that their diagnostics keep their index, and are never chosen, so
	// that the others keep their order; no case sees the constructors of
	// another (checked with the CLI when the runs were merged).
	{name: "constructors", tree: singletonTree, pkgs: []string{"ctorcfg", "cfguse", "example.com/id/cfg", "example.com/id/marked"}, config: rules + `
constructors:
  - example.com/id/cfg.FromCtx
  - example.com/id/cfg.User
  - example.com/id/marked.ForTest
  - example.com/id/cfg.Lookup
  - example.com/app/services/userctx.FromRequest
  - example.com/id/cfg.FromRequest
  - example.com/id/cfg.FromContext
test-constructors: [example.com/id/marked.FromContext]
`},
	// TestConfiguredTestConstructors: alone, because the test constructor
	// of TestConstructorMistakes changes its fix.
	{name: "testctorcfg", tree: singletonTree, pkgs: []string{"testctorcfg"}, config: rules + `
test-constructors: [example.com/id/marked.Anonymous]
`},
	// TestIndirect: its rule for context.Background reaches every package
	// that calls it.
	{name: "indirect", tree: singletonTree, config: `
rules:
  - {singleton: example.com/wrap/agents.Shared, replacement: example.com/wrap/agents.ForUser}
  - {singleton: context.Background, replacement: context.WithoutCancel}
`, pkgs: []string{
		"example.com/wrap/deps", "example.com/wrap/api", "example.com/wrap/server", "wrapuse", "wrapgo",
		"wrapmain", "example.com/wrap/reg", "wrapreg", "example.com/wrap/netctx", "wrapctx",
		// Imported only.
		"example.com/wrap/agents", "example.com/wrap/session",
	}},
	// TestDirective and TestMalformed: directives are the only rules; the
	// singleton pass reports the malformed ones.
	{name: "directive", tree: "passes/directive/testdata/src", pkgs: []string{"example.com/lib", "user", "malformed"}},
	// TestCtors: facts only, so every driver must report nothing.
	{name: "ctors", tree: "passes/ctors/testdata/src", pkgs: []string{"example.com/app/userctx", "example.com/app/mid", "top"}},

	{name: "demo", module: "testdata/demo"},
	// The domain the demo, editor and golangci modules share (they
	// replace example.com/domain with it), on its own, with the demo's
	// configuration.
	{name: "domain", module: "testdata/domain", settings: discovered("testdata/demo")},
	{name: "editor", module: "testdata/editor"},
	{name: "golangci", module: "testdata/golangci"},
	{name: "identity", module: "testdata/identity"},
	{name: "migration", module: "testdata/migration"},
	{name: "wrapped", module: "testdata/wrapped"},
	// The Bazel module's configuration is the -settings flag in its
	// nogo_config.json.
	{name: "bazel", module: "testdata/bazel/app", settings: nogoSettings("testdata/bazel/nogo_config.json")},
}

// discovered returns the configuration that analyzer.Discover finds for
// the module in dir.
func discovered(dir string) func(root string) (analyzer.Config, error) {
	return func(root string) (analyzer.Config, error) {
		cfg, _, err := analyzer.Discover(filepath.Join(root, dir))
		return cfg, err
	}
}

// nogoSettings returns the configuration passed to the factoryscope
// analyzer in a nogo configuration file.
func nogoSettings(file string) func(root string) (analyzer.Config, error) {
	return func(root string) (analyzer.Config, error) {
		data, err := os.ReadFile(filepath.Join(root, file))
		if err != nil {
			return analyzer.Config{}, err
		}
		var nogo map[string]struct {
			AnalyzerFlags map[string]string `json:"analyzer_flags"`
		}
		if err := json.Unmarshal(data, &nogo); err != nil {
			return analyzer.Config{}, fmt.Errorf("%s: %w", file, err)
		}
		settings, ok := nogo["factoryscope"].AnalyzerFlags["settings"]
		if !ok {
			return analyzer.Config{}, fmt.Errorf("%s: no factoryscope.analyzer_flags.settings", file)
		}
		return analyzer.Decode([]byte(settings))
	}
}

// cases returns the cases of r: its packages (those that build here), or
// its module.
func (r run) cases(cgo bool) []string {
	if r.module != "" {
		return []string{r.module}
	}
	var out []string
	for _, p := range r.pkgs {
		if cgo || !needsCgo[p] {
			out = append(out, p)
		}
	}
	return out
}
