package main

import (
	"bytes"
	"context"
	"fmt"
	"os/exec"
	"slices"
	"strings"
	"time"

	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/analyzer"
	"github.com/factoryscope/factoryscope/internal/objref"
)

// A configured rule whose singleton's package is not in the build can
// never match anything: most likely its path has a typo. The analysis
// cannot tell (it sees one package at a time), so the drivers warn.

// buildPackages returns the paths of pkgs and of all their dependencies,
// sorted. Packages that could not be found (an import with a typo) are not
// in the build.
func buildPackages(pkgs []*packages.Package) []string {
	var paths []string
	packages.Visit(pkgs, nil, func(p *packages.Package) {
		if len(p.GoFiles)+len(p.CompiledGoFiles) > 0 || len(p.Errors) == 0 {
			paths = append(paths, p.PkgPath)
		}
	})
	slices.Sort(paths)
	return slices.Compact(paths)
}

// ruleWarnings returns a warning for each rule whose singleton is in a
// package that is not among build (sorted), naming the nearest path that is.
func ruleWarnings(rules []analyzer.Rule, build []string) []string {
	var warnings []string
	for _, r := range rules {
		if w := missing(build, r.Singleton, "rule for "+r.Singleton); w != "" {
			warnings = append(warnings, w)
		}
	}
	return warnings
}

// configWarnings is ruleWarnings, and the same for the configured
// constructors and test constructors: a typo in their package path would
// leave every site without a fix.
func configWarnings(cfg analyzer.Config, build []string) []string {
	warnings := ruleWarnings(cfg.Rules, build)
	for _, list := range []struct {
		key  string
		refs []string
	}{{"constructors", cfg.Constructors}, {"test-constructors", cfg.TestConstructors}} {
		for i, c := range list.refs {
			if w := missing(build, c, fmt.Sprintf("%s[%d] %s", list.key, i, c)); w != "" {
				warnings = append(warnings, w)
			}
		}
	}
	return warnings
}

// missing returns the warning for ref, said of what, when its package is
// not in build; "" when it is.
func missing(build []string, ref, what string) string {
	r, err := objref.Parse(ref)
	if err != nil {
		return "" // validated before; cannot happen
	}
	if _, ok := slices.BinarySearch(build, r.Path); ok {
		return ""
	}
	w := fmt.Sprintf("factoryscope: warning: %s: package %s is not in the analyzed build", what, r.Path)
	if near := nearest(r.Path, build); near != "" {
		w += fmt.Sprintf(" (did you mean %s?)", near)
	}
	return w
}

// nearest returns the path among paths at the smallest edit distance from
// path; of several, the first in order.
func nearest(path string, paths []string) string {
	best, bestDist := "", -1
	for _, p := range paths {
		if d := editDistance(path, p); bestDist < 0 || d < bestDist {
			best, bestDist = p, d
		}
	}
	return best
}

// editDistance is the Levenshtein distance between a and b, in bytes.
func editDistance(a, b string) int {
	row := make([]int, len(b)+1)
	for j := range row {
		row[j] = j
	}
	for i := 1; i <= len(a); i++ {
		diag := row[0]
		row[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			diag, row[j] = row[j], min(row[j]+1, row[j-1]+1, diag+cost)
		}
	}
	return row[len(b)]
}

// vetRuleWarnings prints the rule warnings under go vet, which runs the
// tool once per package. The unit configuration names the package and its
// direct imports only; when they hold every rule's package, nothing is
// wrong. Otherwise the first run that finds a rule's package missing (for
// a package go vet reports on; see claimVetReport) asks the go command
// for the main module's build ("go list all") and warns once for the whole
// go vet invocation. Outside a module it says nothing: there is no build
// to compare with.
func vetRuleWarnings(cfgPath string, cfg analyzer.Config) []string {
	if len(cfg.Rules)+len(cfg.Constructors)+len(cfg.TestConstructors) == 0 {
		return nil
	}
	unit, err := readUnit(cfgPath)
	if err != nil || unit.VetxOnly || unit.ModulePath == "" {
		return nil
	}
	direct := []string{unit.ImportPath}
	for path := range unit.PackageFile {
		direct = append(direct, path)
	}
	for _, path := range unit.ImportMap {
		direct = append(direct, path)
	}
	slices.Sort(direct)
	direct = slices.Compact(direct)
	if len(configWarnings(cfg, direct)) == 0 || !claimVetReport(unit, "factoryscope-rule-warning") {
		return nil
	}
	build, err := goListAll(unit.Dir)
	if err != nil {
		return nil // the go command will say what is wrong
	}
	return configWarnings(cfg, build)
}

// goListAll returns the packages of the main module's build, sorted.
func goListAll(dir string) ([]string, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "go", "list", "-e", "-f", "{{if not .Error}}{{.ImportPath}}{{end}}", "all")
	cmd.Dir = dir
	var stdout bytes.Buffer
	cmd.Stdout = &stdout
	if err := cmd.Run(); err != nil {
		return nil, err
	}
	paths := strings.Fields(stdout.String())
	slices.Sort(paths)
	return slices.Compact(paths), nil
}
