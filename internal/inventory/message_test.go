package inventory_test

import (
	"reflect"
	"testing"

	"github.com/factoryscope/factoryscope/internal/inventory"
)

// The messages are the singleton pass's, as e2e/wrapped and docs/rules.md
// show them.
func TestParse(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		name, msg string
		want      inventory.Parsed
	}{
		{"direct with a fix",
			"supervisor.GetAgentInstanceFactory is a process-wide singleton shared by all requests; call supervisor.CreateAgentInstanceFactory with userctx.FromContext(r.Context()) instead",
			inventory.Parsed{Rule: "supervisor.GetAgentInstanceFactory"}},
		{"direct without a fix, with the rule's message",
			"supervisor.GetAgentInstanceFactory is a process-wide singleton shared by all requests; use supervisor.CreateAgentInstanceFactory instead (no fix: it is in func main, where no request is in reach); its agents are shared by every user of the process",
			inventory.Parsed{Rule: "supervisor.GetAgentInstanceFactory", Why: "it is in func main, where no request is in reach"}},
		{"parentheses in the reason",
			"a.S is a process-wide singleton shared by all requests; use a.R instead (no fix: nothing in scope to pass: no variable of type *u.User, and no context or request for u.FromContext; t.Context() needs Go 1.24, this file is at go1.23)",
			inventory.Parsed{Rule: "a.S", Why: "nothing in scope to pass: no variable of type *u.User, and no context or request for u.FromContext; t.Context() needs Go 1.24, this file is at go1.23"}},
		{"wrapper chain",
			"api.Agents returns deps.Agents, which returns deps.current, which returns the process-wide singleton agents.Shared (deps/deps.go:11); call agents.ForUser with session.FromContext(r.Context()) instead",
			inventory.Parsed{Rule: "agents.Shared", Via: []inventory.Link{{"api.Agents", "wrapper"}, {"deps.Agents", "wrapper"}, {"deps.current", "wrapper"}}}},
		{"holder behind an accessor, no fix",
			"deps.Fallback returns deps.fallback, which holds the process-wide singleton agents.Shared (deps/deps.go:19); use agents.ForUser instead (no fix: it is in func main, where no request is in reach)",
			inventory.Parsed{Rule: "agents.Shared", Via: []inventory.Link{{"deps.Fallback", "wrapper"}, {"deps.fallback", "holder"}}, Why: "it is in func main, where no request is in reach"}},
		{"holder field",
			"server.Server.agents holds the process-wide singleton agents.Shared (server/server.go:24); call agents.ForUser with session.FromContext(ctx) instead",
			inventory.Parsed{Rule: "agents.Shared", Via: []inventory.Link{{"server.Server.agents", "holder"}}}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, ok := inventory.Parse(tt.msg)
			if !ok || !reflect.DeepEqual(got, tt.want) {
				t.Errorf("Parse = %+v, %t; want %+v", got, ok, tt.want)
			}
		})
	}
	for _, msg := range []string{
		"rule for a.S: sites in this package get no fix: 2 constructors build u.User",
		"//factoryscope:singleton must be in the doc comment of a package-level func or var",
		"x returns y",
	} {
		if got, ok := inventory.Parse(msg); ok {
			t.Errorf("Parse(%q) = %+v, want not a site", msg, got)
		}
	}
}

// TestReasonOf maps every no-fix text of passes/singleton to its group.
func TestReasonOf(t *testing.T) {
	t.Parallel()
	for why, want := range map[string]string{
		"it is in func main, where no request is in reach":                                                                                                   "main",
		"it is in func init, where no request is in reach":                                                                                                   "init",
		"it is in a package-level initializer, where no request is in reach":                                                                                 "initializer",
		"nothing in scope to pass: no variable of type *u.User, and no context or request for u.FromContext":                                                 "nothing-in-scope",
		"nothing in scope to pass: no context.Context variable and no variable with a Context() method":                                                      "nothing-in-scope",
		"nothing in scope to pass: no variable of type *u.User, and no constructor of it is known; the value goes to f's parameter x, which is not followed": "nothing-in-scope",
		"no variable of type *u.User in scope, and 2 constructors build it (u.FromContext, u.AsService): choose the one":                                     "constructors",
		"it is used as a value, not called":                                                                                                                  "value",
		"it is instantiated explicitly":                                                                                                                      "value",
		"deps.Bound does more than return the singleton: give it a per-request parameter, or delete it once its callers are migrated":                        "wrapper",
		"deps.held does not hold exactly the singleton: fill it per request, or delete it once its readers are migrated":                                     "wrapper",
		"its address is taken":                                             "variable",
		"the address of its field or element is taken":                     "variable",
		"it is assigned to":                                                "variable",
		"it is updated in place":                                           "variable",
		"its field or element is sliced, which needs its address":          "variable",
		"it is the receiver of a method with a pointer receiver":           "variable",
		"the fix would no longer evaluate the expression before .Agents":   "receiver",
		"it is the only use of c, which would be left unused":              "receiver",
		"the rule does not fit: its first parameter is not the user":       "rule",
		"its replacement example.com/a.R is not visible from this package": "rule",
		"cgo rewrites this file":                                           "cgo",
		"cannot add the import of example.com/u here":                      "other",
		"": "other",
	} {
		if got := inventory.ReasonOf(why).Key; got != want {
			t.Errorf("ReasonOf(%q) = %q, want %q", why, got, want)
		}
	}
}
