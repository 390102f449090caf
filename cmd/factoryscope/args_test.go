package main

import (
	"reflect"
	"testing"
)

func TestScan(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name      string
		argv      []string
		config    string
		hasConfig bool
		args      []string
		unit      bool
		diff      bool
	}{
		{"nothing", nil, "", false, nil, false, false},
		{"separate value", []string{"-config", "a.yml", "./..."}, "a.yml", true, []string{"./..."}, false, false},
		{"equals", []string{"-config=a.yml", "./..."}, "a.yml", true, []string{"./..."}, false, false},
		{"double dash", []string{"--config", "a.yml", "-fix", "p"}, "a.yml", true, []string{"p"}, false, false},
		{"after valued flag", []string{"-c", "3", "-config", "a.yml", "p"}, "a.yml", true, []string{"p"}, false, false},
		{"after pattern is a pattern", []string{"p", "-config", "a.yml"}, "", false, []string{"p", "-config", "a.yml"}, false, false},
		{"after --", []string{"--", "-config", "a.yml"}, "", false, []string{"-config", "a.yml"}, false, false},
		{"go vet unit", []string{"-config=/a.yml", "/tmp/b001/vet.cfg"}, "/a.yml", true, []string{"/tmp/b001/vet.cfg"}, true, false},
		{"diff", []string{"-diff", "./..."}, "", false, []string{"./..."}, false, true},
		{"diff false", []string{"-diff=false", "./..."}, "", false, []string{"./..."}, false, false},
		{"value of -c is not a pattern", []string{"-c", "2"}, "", false, nil, false, false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			inv, err := scan(tt.argv)
			if err != nil {
				t.Fatal(err)
			}
			if inv.config != tt.config || inv.hasConfig != tt.hasConfig || !reflect.DeepEqual(inv.args, tt.args) ||
				inv.unit() != tt.unit || (inv.flags["diff"] == "true") != tt.diff {
				t.Errorf("scan(%q) = config %q %v, args %q, unit %v, diff %v", tt.argv, inv.config, inv.hasConfig, inv.args, inv.unit(), inv.flags["diff"])
			}
		})
	}
	if _, err := scan([]string{"-fix", "-config"}); err == nil {
		t.Error("scan(-config without a value): no error")
	}
}
