// Package billing has a process-wide singleton: the other suite's rule.
package billing

import "example.com/twosuites/session"

// Ledger bills a user.
type Ledger struct{ user *session.User }

var def = &Ledger{}

// Default returns the process-wide ledger.
func Default() *Ledger { return def }

// ForUser returns the ledger of the request's user.
func ForUser(u *session.User) *Ledger { return &Ledger{user: u} }
