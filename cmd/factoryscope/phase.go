package main

import (
	"fmt"
	"go/build"
	"go/token"
	"path/filepath"
	"slices"
	"strings"

	"golang.org/x/tools/go/analysis"
	"golang.org/x/tools/go/analysis/checker"
	"golang.org/x/tools/go/packages"

	"github.com/factoryscope/factoryscope/analyzer"
)

// phaseList is the value of -phase, which may be given several times.
type phaseList []string

func (p *phaseList) String() string { return strings.Join(*p, ",") }

func (p *phaseList) Set(name string) error {
	*p = append(*p, name)
	return nil
}

// checkPhases returns a usage error for a -phase that names no phase of
// cfg, listing the known ones.
func checkPhases(cfg analyzer.Config, names []string) error {
	cl, err := cfg.Classifier()
	if err != nil {
		return err
	}
	for _, name := range names {
		if !cl.Known(name) {
			return fmt.Errorf("-phase %s: unknown phase (known: %s)", name, strings.Join(cl.Names(), ", "))
		}
	}
	return nil
}

// phaser tells the phase of a file.
type phaser struct {
	cl     *analyzer.Classifier
	goroot string // GOROOT/src, the root of the standard library's files
}

func newPhaser(cfg analyzer.Config) (*phaser, error) {
	cl, err := cfg.Classifier()
	if err != nil {
		return nil, err
	}
	ph := &phaser{cl: cl}
	if build.Default.GOROOT != "" {
		ph.goroot = filepath.Join(build.Default.GOROOT, "src")
	}
	return ph, nil
}

// phase returns the phase of the file named filename of pkg, from its
// path relative to the root of its module (for the standard library,
// GOROOT/src).
func (ph *phaser) phase(pkg *packages.Package, filename string) string {
	return ph.cl.Phase(moduleRel(pkg, filename, ph.goroot))
}

// moduleRel returns filename relative to the root of pkg's module,
// slash-separated; the absolute path, slash-separated, when it is not
// under it.
func moduleRel(pkg *packages.Package, filename, goroot string) string {
	root := goroot
	if pkg.Module != nil && pkg.Module.Dir != "" {
		root = pkg.Module.Dir
	}
	if root != "" {
		if rel, err := filepath.Rel(root, filename); err == nil && filepath.IsLocal(rel) {
			return filepath.ToSlash(rel)
		}
	}
	return filepath.ToSlash(filename)
}

// keepPhases drops the diagnostics of the root actions that are not in a
// file of one of the phases, so that neither the output nor -fix sees
// them. A fix's edits stay in its diagnostic's file.
func keepPhases(graph *checker.Graph, cfg analyzer.Config, phases []string) {
	ph, err := newPhaser(cfg)
	if err != nil {
		return // validated before; cannot happen
	}
	for _, act := range graph.Roots {
		fset := act.Package.Fset
		act.Diagnostics = slices.DeleteFunc(act.Diagnostics, func(d analysis.Diagnostic) bool {
			return !slices.Contains(phases, ph.phase(act.Package, fileOf(fset, d.Pos)))
		})
	}
}

// fileOf returns the name of the file that holds pos, as positions give
// it (for a cgo file, the file the user wrote).
func fileOf(fset *token.FileSet, pos token.Pos) string {
	return fset.Position(pos).Filename
}
