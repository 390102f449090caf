// Package inventory is the migration inventory of factoryscope report: the
// sites of each rule and phase, those that need a person grouped by why,
// the wrappers and holders the singleton still spreads through, and the
// progress against an earlier report. It works on the diagnostics of one
// analysis run, already turned into Sites by the driver: building the
// inventory is a pass over them, with no analysis of its own.
//
// The rule, the chain of an indirect use and why a site has no fix are
// read back from the diagnostic's message (see Parse). The singleton pass
// could give them as data instead: the chain as the diagnostic's Related
// information (each wrapper or holder with its declaration), the
// singleton's full path, and the no-fix reason as a key, so that no
// driver parses text.
package inventory

import (
	"cmp"
	"maps"
	"slices"
)

// Version is the version of the JSON report's layout.
const Version = 1

// Site is one use of a singleton.
type Site struct {
	File     string `json:"file"` // slash-separated, relative to the working directory when under it
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Phase    string `json:"phase"`
	Rule     string `json:"rule"`     // the singleton, as diagnostics name it: pkg.Name
	Category string `json:"category"` // "singleton" for a direct use, "indirect" through wrappers or holders
	Func     string `json:"func"`     // the enclosing declaration: F, T.M, var v; "" outside any
	Fixable  bool   `json:"fixable"`  // the diagnostic has a fix
	Reason   string `json:"reason,omitempty"`
	Why      string `json:"why,omitempty"`
	Via      []Link `json:"via,omitempty"`  // the wrappers and holders from the site to the singleton
	Code     string `json:"code,omitempty"` // the site's source line, trimmed
	Message  string `json:"message"`
}

// Counts are the numbers of a set of sites.
type Counts struct {
	Files    int `json:"files"` // files with at least one site
	Sites    int `json:"sites"`
	Direct   int `json:"direct"`
	Indirect int `json:"indirect"`
	Fixable  int `json:"fixable"`
	Manual   int `json:"manual"` // sites without a fix: they need a person
}

// RuleCounts are the counts of one rule.
type RuleCounts struct {
	Rule string `json:"rule"`
	Counts
}

// PhaseCounts are the counts of one phase.
type PhaseCounts struct {
	Phase string `json:"phase"`
	Counts
}

// Group is the sites without a fix for one reason.
type Group struct {
	Reason string    `json:"reason"`
	Label  string    `json:"label"`
	Count  int       `json:"count"`
	Sites  []SiteRef `json:"sites"`
}

// SiteRef names a site in a list.
type SiteRef struct {
	File  string `json:"file"`
	Line  int    `json:"line"`
	Phase string `json:"phase"`
	Rule  string `json:"rule"`
	Func  string `json:"func"`
	Via   string `json:"via,omitempty"` // the wrapper or holder the site uses, for an indirect one
	Why   string `json:"why"`
}

// Wrapper is a wrapper or holder through which sites reach a singleton.
type Wrapper struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"` // "wrapper" or "holder"
	Rule    string `json:"rule"`
	Direct  int    `json:"direct"`  // sites that call or read it
	Sites   int    `json:"sites"`   // sites that reach the singleton through it, directly or through other wrappers
	Fixable int    `json:"fixable"` // of Sites
	Manual  int    `json:"manual"`  // of Sites
}

// Problem is a diagnostic that is not a site: a rule that cannot work, a
// malformed directive.
type Problem struct {
	File     string `json:"file"`
	Line     int    `json:"line"`
	Column   int    `json:"column"`
	Category string `json:"category"`
	Message  string `json:"message"`
}

// Report is the inventory; its JSON encoding is the -format json output.
type Report struct {
	Version  int           `json:"version"`
	Phases   []string      `json:"phases"`                    // every phase, in order
	Selected []string      `json:"selected_phases,omitempty"` // the phases -phase restricted the report to
	Total    Counts        `json:"total"`
	Rules    []RuleCounts  `json:"rules"`
	ByPhase  []PhaseCounts `json:"by_phase"`
	Manual   []Group       `json:"manual"`
	Wrappers []Wrapper     `json:"wrappers"`
	Problems []Problem     `json:"problems"`
	Sites    []Site        `json:"sites"`
	Progress *Progress     `json:"progress,omitempty"`
}

// Build returns the inventory of sites and problems. phases are all the
// phases, in order; selected, when not empty, the ones the report is
// restricted to (the caller has left out the other phases' sites). Sites
// and problems are sorted by position.
func Build(sites []Site, problems []Problem, phases, selected []string) *Report {
	sites = slices.Clone(sites)
	slices.SortFunc(sites, compareSites)
	problems = slices.Clone(problems)
	slices.SortFunc(problems, func(a, b Problem) int {
		return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Message, b.Message))
	})
	r := &Report{
		Version:  Version,
		Phases:   slices.Clone(phases),
		Selected: slices.Clone(selected),
		Problems: problems,
		Sites:    sites,
	}
	r.Total = count(sites)

	byRule := make(map[string][]Site)
	for _, s := range sites {
		byRule[s.Rule] = append(byRule[s.Rule], s)
	}
	for _, rule := range slices.Sorted(maps.Keys(byRule)) {
		r.Rules = append(r.Rules, RuleCounts{Rule: rule, Counts: count(byRule[rule])})
	}

	shown := phases
	if len(selected) > 0 {
		shown = slices.DeleteFunc(slices.Clone(phases), func(p string) bool { return !slices.Contains(selected, p) })
	}
	for _, ph := range shown {
		var in []Site
		for _, s := range sites {
			if s.Phase == ph {
				in = append(in, s)
			}
		}
		r.ByPhase = append(r.ByPhase, PhaseCounts{Phase: ph, Counts: count(in)})
	}

	r.Manual = groups(sites)
	r.Wrappers = wrappers(sites)
	return r
}

func compareSites(a, b Site) int {
	return cmp.Or(cmp.Compare(a.File, b.File), cmp.Compare(a.Line, b.Line), cmp.Compare(a.Column, b.Column), cmp.Compare(a.Rule, b.Rule), cmp.Compare(a.Category, b.Category))
}

func count(sites []Site) Counts {
	var c Counts
	files := make(map[string]bool)
	for _, s := range sites {
		files[s.File] = true
		c.Sites++
		if s.Category == "indirect" {
			c.Indirect++
		} else {
			c.Direct++
		}
		if s.Fixable {
			c.Fixable++
		} else {
			c.Manual++
		}
	}
	c.Files = len(files)
	return c
}

// groups groups the sites without a fix by reason, the biggest group
// first (of two the same size, the one first in the table of reasons).
func groups(sites []Site) []Group {
	byKey := make(map[string]*Group)
	var list []*Group
	for _, s := range sites {
		if s.Fixable {
			continue
		}
		g := byKey[s.Reason]
		if g == nil {
			g = &Group{Reason: s.Reason, Label: reasonLabel(s.Reason)}
			byKey[s.Reason] = g
			list = append(list, g)
		}
		ref := SiteRef{File: s.File, Line: s.Line, Phase: s.Phase, Rule: s.Rule, Func: s.Func, Why: s.Why}
		if len(s.Via) > 0 {
			ref.Via = s.Via[0].Name
		}
		g.Sites = append(g.Sites, ref)
		g.Count++
	}
	slices.SortStableFunc(list, func(a, b *Group) int {
		return cmp.Or(cmp.Compare(b.Count, a.Count), cmp.Compare(reasonRank(a.Reason), reasonRank(b.Reason)), cmp.Compare(a.Reason, b.Reason))
	})
	out := make([]Group, len(list))
	for i, g := range list {
		out[i] = *g
	}
	return out
}

// wrappers lists the wrappers and holders in the chains of indirect sites,
// the one most sites reach the singleton through first.
func wrappers(sites []Site) []Wrapper {
	byName := make(map[string]*Wrapper)
	for _, s := range sites {
		for i, link := range s.Via {
			w := byName[link.Name]
			if w == nil {
				w = &Wrapper{Name: link.Name, Kind: link.Kind, Rule: s.Rule}
				byName[link.Name] = w
			}
			if i == 0 {
				w.Direct++
			}
			w.Sites++
			if s.Fixable {
				w.Fixable++
			} else {
				w.Manual++
			}
		}
	}
	var list []Wrapper
	for _, w := range byName {
		list = append(list, *w)
	}
	slices.SortFunc(list, func(a, b Wrapper) int {
		return cmp.Or(cmp.Compare(b.Sites, a.Sites), cmp.Compare(a.Name, b.Name))
	})
	return list
}
