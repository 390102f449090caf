package inventory

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// Progress compares a report with an earlier one, its baseline.
//
// A site is identified by its file, the declaration it is in and its
// rule, not by its line: edits elsewhere in the file that move it do not
// make it new. Within one such key, sites are counted: when a function
// has more sites than in the baseline, the extra ones are new, and those
// whose source line is not in the baseline's sites of the key are taken
// first.
type Progress struct {
	Baseline string          `json:"baseline"` // the baseline's file name, as given
	Phases   []PhaseProgress `json:"phases"`
	Total    PhaseProgress   `json:"total"`
	New      []Site          `json:"new"` // the sites that are not in the baseline
}

// PhaseProgress is the progress of one phase ("total" for all).
type PhaseProgress struct {
	Phase   string `json:"phase"`
	Files   Change `json:"files"`
	Sites   Change `json:"sites"`
	Removed int    `json:"removed"` // sites of the baseline that are gone
	New     int    `json:"new"`
}

// Change is a number then and now.
type Change struct {
	Before int `json:"before"`
	After  int `json:"after"`
}

// Decode reads a JSON report, to be used as a baseline.
func Decode(data []byte) (*Report, error) {
	var r Report
	if err := json.Unmarshal(data, &r); err != nil {
		return nil, fmt.Errorf("not a JSON report of factoryscope report -format json: %w", err)
	}
	switch {
	case r.Version == 0:
		return nil, errors.New("not a JSON report of factoryscope report -format json: no version")
	case r.Version > Version:
		return nil, fmt.Errorf("a report of layout version %d, newer than this factoryscope's %d", r.Version, Version)
	}
	return &r, nil
}

// Compare sets r.Progress against base, the baseline read from the file
// named name. When r is restricted to some phases, so is the baseline:
// each baseline site keeps the phase it had in the baseline.
func (r *Report) Compare(base *Report, name string) {
	old := base.Sites
	if len(r.Selected) > 0 {
		old = slices.DeleteFunc(slices.Clone(old), func(s Site) bool { return !slices.Contains(r.Selected, s.Phase) })
	}
	matched, removed := match(old, r.Sites)
	p := &Progress{Baseline: name}
	for i, s := range r.Sites {
		if !matched[i] {
			p.New = append(p.New, s)
		}
	}

	phases := slices.Clone(r.Phases)
	if len(r.Selected) > 0 {
		phases = slices.DeleteFunc(phases, func(ph string) bool { return !slices.Contains(r.Selected, ph) })
	}
	for _, s := range old { // phases the baseline has and the configuration no longer does
		if !slices.Contains(phases, s.Phase) {
			phases = append(phases, s.Phase)
		}
	}
	in := func(ph string) func(Site) bool { return func(s Site) bool { return ph == "" || s.Phase == ph } }
	progress := func(ph string) PhaseProgress {
		keep := in(ph)
		pp := PhaseProgress{Phase: cmp.Or(ph, "total")}
		pp.Files = Change{filesOf(old, keep), filesOf(r.Sites, keep)}
		pp.Sites = Change{countOf(old, keep), countOf(r.Sites, keep)}
		pp.Removed = countOf(removed, keep)
		pp.New = countOf(p.New, keep)
		return pp
	}
	for _, ph := range phases {
		p.Phases = append(p.Phases, progress(ph))
	}
	p.Total = progress("")
	r.Progress = p
}

// match pairs the sites of now with those of the baseline: it returns
// which sites of now have a match, and the baseline's sites that have
// none.
func match(base, now []Site) (matched []bool, removed []Site) {
	type key struct{ file, fn, rule string }
	keyOf := func(s Site) key { return key{s.File, s.Func, s.Rule} }
	old := make(map[key][]Site)
	for _, s := range base {
		old[keyOf(s)] = append(old[keyOf(s)], s)
	}
	cur := make(map[key][]int) // indexes into now
	var keys []key
	for i, s := range now {
		k := keyOf(s)
		if cur[k] == nil {
			keys = append(keys, k)
		}
		cur[k] = append(cur[k], i)
	}
	matched = make([]bool, len(now))
	for _, k := range keys {
		idx, was := cur[k], old[k]
		if len(idx) <= len(was) {
			for _, i := range idx {
				matched[i] = true
			}
			continue
		}
		// More sites than before: match those whose line the baseline
		// has, then the first others, until the baseline's are used up.
		left := len(was)
		codes := make(map[string]int)
		for _, s := range was {
			codes[s.Code]++
		}
		for _, i := range idx {
			if c := now[i].Code; codes[c] > 0 && left > 0 {
				codes[c]--
				left--
				matched[i] = true
			}
		}
		for _, i := range idx {
			if !matched[i] && left > 0 {
				left--
				matched[i] = true
			}
		}
	}
	for k, was := range old {
		if extra := len(was) - len(cur[k]); extra > 0 {
			removed = append(removed, was[len(was)-extra:]...)
		}
	}
	slices.SortFunc(removed, compareSites)
	return matched, removed
}

func countOf(sites []Site, keep func(Site) bool) int {
	n := 0
	for _, s := range sites {
		if keep(s) {
			n++
		}
	}
	return n
}

func filesOf(sites []Site, keep func(Site) bool) int {
	files := make(map[string]bool)
	for _, s := range sites {
		if keep(s) {
			files[s.File] = true
		}
	}
	return len(files)
}
