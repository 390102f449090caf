package main

import (
	"slices"
	"testing"

	"github.com/factoryscope/factoryscope/analyzer"
)

func TestEditDistance(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"abc", "", 3}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"example.com/app/agent/supervisor", "example.com/app/agents/supervisor", 1},
	} {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestRuleWarnings(t *testing.T) {
	t.Parallel()
	build := slices.Sorted(slices.Values([]string{
		"context", "example.com/app/agents/supervisor", "example.com/app/api", "example.com/app/services/userctx",
	}))
	rules := []analyzer.Rule{
		{Singleton: "example.com/app/agents/supervisor.Get", Replacement: "example.com/app/agents/supervisor.Create"},
		{Singleton: "example.com/app/agent/supervisor.Get", Replacement: "example.com/app/agent/supervisor.Create"},
		{Singleton: "example.com/app/services/userctx.Default", Replacement: "example.com/app/services/userctx.For"},
	}
	want := []string{"factoryscope: warning: rule for example.com/app/agent/supervisor.Get: package example.com/app/agent/supervisor is not in the analyzed build (did you mean example.com/app/agents/supervisor?)"}
	if got := ruleWarnings(rules, build); !slices.Equal(got, want) {
		t.Errorf("ruleWarnings:\n got  %q\n want %q", got, want)
	}
	if got := ruleWarnings(rules[1:2], nil); len(got) != 1 || got[0] != "factoryscope: warning: rule for example.com/app/agent/supervisor.Get: package example.com/app/agent/supervisor is not in the analyzed build" {
		t.Errorf("ruleWarnings with an empty build: %q", got)
	}
}

func TestConstructorWarnings(t *testing.T) {
	t.Parallel()
	build := []string{"example.com/app/services/userctx"}
	cfg := analyzer.Config{
		Constructors:     []string{"example.com/app/services/userctx.FromContext", "example.com/app/services/usrctx.FromContext"},
		TestConstructors: []string{"example.com/app/service/userctx.ForTest"},
	}
	want := []string{
		"factoryscope: warning: constructors[1] example.com/app/services/usrctx.FromContext: package example.com/app/services/usrctx is not in the analyzed build (did you mean example.com/app/services/userctx?)",
		"factoryscope: warning: test-constructors[0] example.com/app/service/userctx.ForTest: package example.com/app/service/userctx is not in the analyzed build (did you mean example.com/app/services/userctx?)",
	}
	if got := configWarnings(cfg, build); !slices.Equal(got, want) {
		t.Errorf("configWarnings:\n got  %q\n want %q", got, want)
	}
}
