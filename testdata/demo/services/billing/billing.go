// Package billing charges users for the agents they run.
package billing

import (
	"context"
	"errors"
	"fmt"

	"example.com/domain/agents/supervisor"
)

// Service charges for agent runs.
type Service struct {
	PricePerRun int // cents
}

// Charge bills the request's user for one run of the named agent and
// returns the invoice line.
func (s *Service) Charge(ctx context.Context, agent string) (string, error) {
	if agent == "" {
		return "", errors.New("billing: no agent")
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	a := supervisor.GetAgentInstanceFactory().Agent(agent)
	return fmt.Sprintf("%s: %s, %d cents", a.Owner, a.Name, s.PricePerRun), nil
}
