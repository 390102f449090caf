package objref_test

import (
	"testing"

	"github.com/factoryscope/factoryscope/internal/objref"
)

func TestParse(t *testing.T) {
	t.Parallel()
	good := map[string]objref.Ref{
		"fmt.Println": {Path: "fmt", Name: "Println"},
		"example.com/app/agents/supervisor.GetAgentInstanceFactory": {Path: "example.com/app/agents/supervisor", Name: "GetAgentInstanceFactory"},
		"gopkg.in/yaml.v3.Marshal":                                  {Path: "gopkg.in/yaml.v3", Name: "Marshal"},
		"example.com/x.unexported":                                  {Path: "example.com/x", Name: "unexported"},
	}
	for in, want := range good {
		got, err := objref.Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", in, got, err, want)
		}
		if got.String() != in {
			t.Errorf("Parse(%q).String() = %q", in, got.String())
		}
	}
	for _, in := range []string{"", "Name", "example.com/app/", "example.com/app.", ".Name", "example.com/app.1x", "example.com/a b.Name", "example.com/app.Na-me", "example.com/app/supervisor"} {
		if got, err := objref.Parse(in); err == nil {
			t.Errorf("Parse(%q) = %+v, want an error", in, got)
		} else if want := `"` + in + `" is not an import path followed by a name`; err.Error() != want && in != "" {
			t.Errorf("Parse(%q) error = %q, want %q", in, err, want)
		}
	}
}
