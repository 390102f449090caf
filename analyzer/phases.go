package analyzer

import (
	"fmt"
	"path"
	"regexp"
	"slices"
	"strings"
)

// A migration runs in phases: production code first, then tests, then
// examples and scripts. Each file belongs to one phase, by its path
// relative to its module's root; factoryscope report counts the sites of
// each phase, and -phase restricts reports and fixes to some of them.

// Production is the phase of every file that no configured phase matches.
const Production = "production"

// Phase is a named set of files, given by globs relative to the module
// root.
type Phase struct {
	Name  string   `json:"name"`
	Paths []string `json:"paths"`
}

// DefaultPhases are the phases when the configuration has none: _test.go
// files are tests; files under a directory named examples, example,
// scripts, tools or hack are examples; everything else is production.
var DefaultPhases = []Phase{
	{Name: "tests", Paths: []string{"**/*_test.go"}},
	{Name: "examples", Paths: []string{"**/examples/**", "**/example/**", "**/scripts/**", "**/tools/**", "**/hack/**"}},
}

// phaseName is what a phase may be called: it is given to -phase and
// printed in tables.
var phaseName = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_.-]*$`)

// Classifier puts files in phases: the first phase with a glob that
// matches the file's path wins, and a file no phase matches is in
// Production.
type Classifier struct {
	phases []compiledPhase
	names  []string // Production, then the phases in order, each once
}

type compiledPhase struct {
	name  string
	globs []glob
}

// Classifier compiles cfg's phases, or DefaultPhases when it has none.
// Its errors are those of [Config.Validate] for the phases field.
func (cfg Config) Classifier() (*Classifier, error) {
	phases := cfg.Phases
	if len(phases) == 0 {
		phases = DefaultPhases
	}
	c := &Classifier{names: []string{Production}}
	seen := make(map[string]int)
	for i, p := range phases {
		at := fmt.Sprintf("phases[%d]", i)
		switch {
		case p.Name == "":
			return nil, fieldErrorf(at+".name", "missing: want a phase name such as tests")
		case !phaseName.MatchString(p.Name):
			return nil, fieldErrorf(at+".name", "%q is not a phase name: want letters, digits, '-', '_' or '.', starting with a letter or digit", p.Name)
		}
		if j, dup := seen[p.Name]; dup {
			return nil, fieldErrorf(at+".name", "%q is already the name of phases[%d]", p.Name, j)
		}
		seen[p.Name] = i
		if len(p.Paths) == 0 {
			return nil, fieldErrorf(at+".paths", "missing: want a list of globs relative to the module root, e.g. [\"examples/**\"]")
		}
		cp := compiledPhase{name: p.Name}
		for j, pat := range p.Paths {
			g, err := compileGlob(pat)
			if err != nil {
				return nil, fieldErrorf(fmt.Sprintf("%s.paths[%d]", at, j), "%s", err)
			}
			cp.globs = append(cp.globs, g)
		}
		c.phases = append(c.phases, cp)
		if p.Name != Production {
			c.names = append(c.names, p.Name)
		}
	}
	return c, nil
}

// Phase returns the phase of the file at rel, a slash-separated path
// relative to the root of the file's module.
func (c *Classifier) Phase(rel string) string {
	elems := strings.Split(rel, "/")
	for _, p := range c.phases {
		for _, g := range p.globs {
			if g.match(elems) {
				return p.name
			}
		}
	}
	return Production
}

// Names returns the phases in the order of a migration and of reports:
// Production first, then the configured phases in their order.
func (c *Classifier) Names() []string { return slices.Clone(c.names) }

// Known reports whether name is one of the phases.
func (c *Classifier) Known(name string) bool { return slices.Contains(c.names, name) }

// A glob is a slash-separated pattern, split into its elements. An
// element "**" matches any number of path elements, none included; any
// other element matches one path element, with the syntax of path.Match:
// '*' (any run of characters), '?' (one character), '[a-z]' and '[^a-z]'
// (classes), '\' (escapes the next character).
type glob []string

func compileGlob(pat string) (glob, error) {
	switch {
	case pat == "":
		return nil, fmt.Errorf("missing: want a glob relative to the module root, e.g. examples/**")
	case strings.HasPrefix(pat, "/"):
		return nil, fmt.Errorf("%q is absolute: globs are relative to the module root (examples/**, **/testutil/**)", pat)
	}
	g := glob(strings.Split(pat, "/"))
	for _, elem := range g {
		switch {
		case elem == "":
			return nil, fmt.Errorf("%q has an empty path element (for a directory and everything under it, write dir/**)", pat)
		case elem == "." || elem == "..":
			return nil, fmt.Errorf("%q has a %q element: globs match paths inside the module, from its root", pat, elem)
		case elem != "**" && strings.Contains(elem, "**"):
			return nil, fmt.Errorf("%q: ** must be a whole path element (**/name, dir/**)", pat)
		}
		if _, err := path.Match(elem, ""); err != nil {
			return nil, fmt.Errorf("%q is not a valid glob: %w", pat, err)
		}
	}
	return g, nil
}

// match reports whether the glob matches the path elements.
func (g glob) match(elems []string) bool {
	for len(g) > 0 {
		if g[0] == "**" {
			rest := g[1:]
			for i := range len(elems) + 1 {
				if rest.match(elems[i:]) {
					return true
				}
			}
			return false
		}
		if len(elems) == 0 {
			return false
		}
		if ok, _ := path.Match(g[0], elems[0]); !ok {
			return false
		}
		g, elems = g[1:], elems[1:]
	}
	return len(elems) == 0
}
