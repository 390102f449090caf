package billing

import (
	"strings"
	"testing"

	"example.com/domain/agents/supervisor"
)

func TestCharge(t *testing.T) {
	s := &Service{PricePerRun: 5}
	line, err := s.Charge(t.Context(), "planner")
	if err != nil || !strings.Contains(line, "planner, 5 cents") {
		t.Errorf("Charge = %q, %v", line, err)
	}
	if _, err := s.Charge(t.Context(), ""); err == nil {
		t.Error("Charge with no agent: no error")
	}
}

func TestAgentsAreKept(t *testing.T) {
	f := supervisor.GetAgentInstanceFactory()
	if f.Agent("planner") != f.Agent("planner") {
		t.Error("the factory created the planner twice")
	}
}
