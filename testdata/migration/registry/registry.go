// Package registry lists the tools a user may install.
package registry

import "example.com/migration/session"

// Registry is the catalog of one user.
type Registry struct {
	user *session.User
}

// Names returns the tools in the catalog, for its user.
func (r *Registry) Names() []string {
	if r.user.Name == "" {
		return []string{"search"}
	}
	return []string{"search", "mail:" + r.user.Name}
}

// Default is the process-wide catalog, for nobody. The rule in
// .golangci.yml replaces it with ForUser.
var Default = &Registry{user: &session.User{}}

// ForUser returns the catalog of u.
func ForUser(u *session.User) *Registry {
	return &Registry{user: u}
}
