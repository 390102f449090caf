// Package agents has a process-wide singleton: one suite's rule.
package agents

import "example.com/twosuites/session"

// Agents serves a user.
type Agents struct{ user *session.User }

var shared = &Agents{}

// Shared returns the process-wide agents.
func Shared() *Agents { return shared }

// ForUser returns the agents of the request's user.
func ForUser(u *session.User) *Agents { return &Agents{user: u} }
