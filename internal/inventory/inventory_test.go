package inventory_test

import (
	"bytes"
	"reflect"
	"testing"

	"github.com/factoryscope/factoryscope/internal/inventory"
)

var phases = []string{"production", "tests", "examples"}

// site is a site of rule a.S in func fn of file:line, fixable or without
// a fix for reason.
func site(file string, line int, fn, phase, reason string, via ...string) inventory.Site {
	s := inventory.Site{File: file, Line: line, Column: 2, Phase: phase, Rule: "a.S", Category: "singleton", Func: fn, Fixable: reason == "", Reason: reason, Code: "x := a.S()"}
	for _, v := range via {
		s.Category = "indirect"
		s.Via = append(s.Via, inventory.Link{Name: v, Kind: "wrapper"})
	}
	return s
}

func TestBuild(t *testing.T) {
	t.Parallel()
	sites := []inventory.Site{
		site("b.go", 3, "H", "production", ""),
		site("a.go", 9, "G", "production", "", "w.Outer", "w.Inner"),
		site("a.go", 4, "F", "production", "nothing-in-scope"),
		site("a_test.go", 7, "TestF", "tests", "", "w.Inner"),
		site("ex/main.go", 5, "main", "examples", "main"),
		site("ex/main.go", 6, "main", "examples", "main"),
		site("ex/main.go", 7, "main", "examples", "value"),
	}
	other := site("c.go", 1, "K", "production", "")
	other.Rule = "b.V"
	sites = append(sites, other)
	r := inventory.Build(sites, nil, phases, nil)

	if want := (inventory.Counts{Files: 5, Sites: 8, Direct: 6, Indirect: 2, Fixable: 4, Manual: 4}); r.Total != want {
		t.Errorf("Total = %+v, want %+v", r.Total, want)
	}
	wantRules := []inventory.RuleCounts{
		{Rule: "a.S", Counts: inventory.Counts{Files: 4, Sites: 7, Direct: 5, Indirect: 2, Fixable: 3, Manual: 4}},
		{Rule: "b.V", Counts: inventory.Counts{Files: 1, Sites: 1, Direct: 1, Fixable: 1}},
	}
	if !reflect.DeepEqual(r.Rules, wantRules) {
		t.Errorf("Rules = %+v\nwant %+v", r.Rules, wantRules)
	}
	wantPhases := []inventory.PhaseCounts{
		{Phase: "production", Counts: inventory.Counts{Files: 3, Sites: 4, Direct: 3, Indirect: 1, Fixable: 3, Manual: 1}},
		{Phase: "tests", Counts: inventory.Counts{Files: 1, Sites: 1, Indirect: 1, Fixable: 1}},
		{Phase: "examples", Counts: inventory.Counts{Files: 1, Sites: 3, Direct: 3, Manual: 3}},
	}
	if !reflect.DeepEqual(r.ByPhase, wantPhases) {
		t.Errorf("ByPhase = %+v\nwant %+v", r.ByPhase, wantPhases)
	}
	// The biggest group first; groups of one in the order of the table.
	var groups []string
	for _, g := range r.Manual {
		groups = append(groups, g.Reason)
	}
	if want := []string{"main", "nothing-in-scope", "value"}; !reflect.DeepEqual(groups, want) {
		t.Errorf("manual groups = %q, want %q", groups, want)
	}
	wantWrappers := []inventory.Wrapper{
		{Name: "w.Inner", Kind: "wrapper", Rule: "a.S", Direct: 1, Sites: 2, Fixable: 2},
		{Name: "w.Outer", Kind: "wrapper", Rule: "a.S", Direct: 1, Sites: 1, Fixable: 1},
	}
	if !reflect.DeepEqual(r.Wrappers, wantWrappers) {
		t.Errorf("Wrappers = %+v\nwant %+v", r.Wrappers, wantWrappers)
	}
	if r.Sites[0].File != "a.go" || r.Sites[0].Line != 4 {
		t.Errorf("sites not sorted: first %s:%d", r.Sites[0].File, r.Sites[0].Line)
	}

	// Restricted to some phases, only those are listed.
	r = inventory.Build(sites[3:4], nil, phases, []string{"tests"})
	if len(r.ByPhase) != 1 || r.ByPhase[0].Phase != "tests" || r.ByPhase[0].Sites != 1 {
		t.Errorf("ByPhase with -phase tests = %+v", r.ByPhase)
	}
}

// roundTrip writes r as JSON and decodes it, as a baseline file is.
func roundTrip(t *testing.T, r *inventory.Report) *inventory.Report {
	t.Helper()
	var buf bytes.Buffer
	if err := r.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := inventory.Decode(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	return back
}

func TestBaselineMovedLinesAreNotNew(t *testing.T) {
	t.Parallel()
	base := roundTrip(t, inventory.Build([]inventory.Site{
		site("a.go", 10, "F", "production", ""),
		site("a.go", 20, "G", "production", "nothing-in-scope"),
		site("a.go", 21, "G", "production", "nothing-in-scope"),
	}, nil, phases, nil))
	// Lines inserted above both functions move every site; the sites
	// are the same.
	now := inventory.Build([]inventory.Site{
		site("a.go", 15, "F", "production", ""),
		site("a.go", 31, "G", "production", "nothing-in-scope"),
		site("a.go", 33, "G", "production", "nothing-in-scope"),
	}, nil, phases, nil)
	now.Compare(base, "base.json")
	if len(now.Progress.New) != 0 {
		t.Errorf("new sites %+v, want none", now.Progress.New)
	}
	if p := now.Progress.Total; p.Removed != 0 || p.Sites != (inventory.Change{Before: 3, After: 3}) {
		t.Errorf("total %+v", p)
	}
}

func TestBaselineNewSiteInExistingFunction(t *testing.T) {
	t.Parallel()
	base := roundTrip(t, inventory.Build([]inventory.Site{
		site("a.go", 10, "F", "production", ""),
		site("a.go", 11, "F", "production", ""),
	}, nil, phases, nil))
	added := site("a.go", 11, "F", "production", "")
	added.Code = "a.S().Register(tool)" // a line the baseline has not
	now := inventory.Build([]inventory.Site{
		site("a.go", 10, "F", "production", ""),
		added,
		site("a.go", 12, "F", "production", ""),
	}, nil, phases, nil)
	now.Compare(base, "base.json")
	if len(now.Progress.New) != 1 || now.Progress.New[0].Line != 11 {
		t.Fatalf("new sites %+v, want a.go:11 alone", now.Progress.New)
	}
	want := inventory.PhaseProgress{Phase: "production", Files: inventory.Change{Before: 1, After: 1}, Sites: inventory.Change{Before: 2, After: 3}, New: 1}
	if now.Progress.Phases[0] != want {
		t.Errorf("production %+v, want %+v", now.Progress.Phases[0], want)
	}
}

func TestBaselineKeys(t *testing.T) {
	t.Parallel()
	base := roundTrip(t, inventory.Build([]inventory.Site{
		site("a.go", 10, "F", "production", ""),
		site("b_test.go", 3, "TestB", "tests", ""),
		site("ex/main.go", 3, "main", "examples", "main"),
	}, nil, phases, nil))
	other := site("a.go", 10, "F", "production", "")
	other.Rule = "b.V"
	now := inventory.Build([]inventory.Site{
		site("a.go", 10, "F", "production", ""),
		other,                                   // same place, another rule: new
		site("a.go", 30, "H", "production", ""), // another function: new
		site("c.go", 10, "F", "production", ""), // another file: new
		site("ex/main.go", 3, "main", "examples", "main"),
	}, nil, phases, nil)
	now.Compare(base, "base.json")
	var got []string
	for _, s := range now.Progress.New {
		got = append(got, s.File+":"+s.Rule+":"+s.Func)
	}
	if want := []string{"a.go:b.V:F", "a.go:a.S:H", "c.go:a.S:F"}; !reflect.DeepEqual(got, want) {
		t.Errorf("new = %q, want %q", got, want)
	}
	want := []inventory.PhaseProgress{
		{Phase: "production", Files: inventory.Change{Before: 1, After: 2}, Sites: inventory.Change{Before: 1, After: 4}, New: 3},
		{Phase: "tests", Files: inventory.Change{Before: 1}, Sites: inventory.Change{Before: 1}, Removed: 1},
		{Phase: "examples", Files: inventory.Change{Before: 1, After: 1}, Sites: inventory.Change{Before: 1, After: 1}},
	}
	if !reflect.DeepEqual(now.Progress.Phases, want) {
		t.Errorf("phases %+v\nwant %+v", now.Progress.Phases, want)
	}

	// Restricted to phase tests, the baseline is too.
	now = inventory.Build(nil, nil, phases, []string{"tests"})
	now.Compare(base, "base.json")
	if len(now.Progress.Phases) != 1 || now.Progress.Total.Sites != (inventory.Change{Before: 1}) {
		t.Errorf("-phase tests: %+v", now.Progress)
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		`{}`:              "no version",
		`{"version": 99}`: "a report of layout version 99, newer than this factoryscope's 1",
		`[1]`:             "not a JSON report",
	} {
		_, err := inventory.Decode([]byte(in))
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(want)) {
			t.Errorf("Decode(%s) = %v, want %q", in, err, want)
		}
	}
}
