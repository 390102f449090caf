// Package session is the per-request value.
package session

// User is the user of a request.
type User struct{ Name string }
