// Package api uses both singletons.
package api

import (
	"example.com/twosuites/agents"
	"example.com/twosuites/billing"
	"example.com/twosuites/session"
)

// Handle serves a request of u.
func Handle(u *session.User) (*agents.Agents, *billing.Ledger) {
	a := agents.Shared()
	l := billing.Default()
	return a, l
}
