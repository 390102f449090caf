package inventory

import "strings"

// The singleton pass says everything the inventory needs in its
// diagnostics' messages, in a fixed shape (passes/singleton, fix.go and
// derived.go):
//
//	S is a process-wide singleton shared by all requests; <rest>
//	W returns V, which holds the process-wide singleton S (dir/file.go:7); <rest>
//
// and a site without a fix has "(no fix: <why>)" in <rest>. Parse reads
// them back. (Structured data from the pass would be sturdier: see the
// package documentation.)

const (
	directSuffix = " is a process-wide singleton shared by all requests"
	rootPrefix   = "the process-wide singleton "
	noFixPrefix  = "(no fix: "
)

// Parsed is what a site's message says.
type Parsed struct {
	Rule string // the singleton, as the message names it: pkg.Name
	Via  []Link // the wrappers and holders from the site to the singleton, for an indirect use
	Why  string // why the site has no fix, "" if the message does not say
}

// Link is one wrapper or holder in the chain of an indirect use.
type Link struct {
	Name string `json:"name"` // as messages name it: deps.Agents, deps.Container.Agents, server.Server.agents
	Kind string `json:"kind"` // "wrapper" (a func or method that returns it) or "holder" (a var or field that holds it)
}

// Parse reads a site's message. It returns false when the message is not
// in the shape of a site's.
func Parse(msg string) (Parsed, bool) {
	var p Parsed
	what, _, _ := strings.Cut(msg, "; ")
	if rule, ok := strings.CutSuffix(what, directSuffix); ok {
		p.Rule = rule
	} else if !p.parseChain(what) {
		return Parsed{}, false
	}
	p.Why = noFixReason(msg)
	return p, true
}

// parseChain reads "W returns V, which holds the process-wide singleton S
// (dir/file.go:7)".
func (p *Parsed) parseChain(what string) bool {
	rest := what
	for {
		name, after, ok := strings.Cut(rest, " ")
		if !ok {
			return false
		}
		var kind string
		switch {
		case strings.HasPrefix(after, "returns "):
			kind, after = "wrapper", after[len("returns "):]
		case strings.HasPrefix(after, "holds "):
			kind, after = "holder", after[len("holds "):]
		default:
			return false
		}
		p.Via = append(p.Via, Link{Name: name, Kind: kind})
		if root, ok := strings.CutPrefix(after, rootPrefix); ok {
			rule, _, _ := strings.Cut(root, " (")
			p.Rule = rule
			return rule != ""
		}
		next, tail, ok := strings.Cut(after, ", which ")
		if !ok {
			return false
		}
		rest = next + " " + tail
	}
}

// noFixReason returns the text of "(no fix: ...)" in msg, up to its
// matching parenthesis (the text may have parentheses of its own:
// "t.Context() needs Go 1.24"), or "".
func noFixReason(msg string) string {
	_, text, ok := strings.Cut(msg, noFixPrefix)
	if !ok {
		return ""
	}
	depth := 0
	for j, r := range text {
		switch r {
		case '(':
			depth++
		case ')':
			if depth == 0 {
				return text[:j]
			}
			depth--
		}
	}
	return text
}

// A Reason is a kind of site that needs a person, the key its sites are
// grouped by.
type Reason struct {
	Key   string // stable, in JSON
	Label string // for people
	match []string
}

// reasons map the texts of "(no fix: ...)" to their kind: the first
// Reason with a match text that the why contains. The texts are those of
// passes/singleton; a text none matches is Other.
var reasons = []Reason{
	{"main", "in func main: no request in reach", []string{"it is in func main,"}},
	{"init", "in func init: no request in reach", []string{"it is in func init,"}},
	{"initializer", "in a package-level initializer: no request in reach", []string{"package-level initializer"}},
	{"constructors", "several constructors and none chosen", []string{"constructors build"}},
	{"nothing-in-scope", "nothing in scope to pass", []string{"nothing in scope to pass"}},
	{"value", "used as a value, not called", []string{"used as a value", "instantiated explicitly"}},
	{"wrapper", "a wrapper or holder that does more than hand out the singleton", []string{"does more than return the singleton", "does not hold exactly the singleton"}},
	{"variable", "needs the variable itself (assigned, updated, address taken)", []string{"is assigned to", "updated in place", "address", "is sliced", "pointer receiver"}},
	{"receiver", "a receiver the fix cannot drop", []string{"would no longer evaluate", "the only use of"}},
	{"rule", "the rule does not fit here", []string{"the rule does not fit", "its replacement "}},
	{"cgo", "in a file cgo rewrites", []string{"cgo rewrites"}},
}

// Other is the reason of a site whose why matches no known text.
var Other = Reason{Key: "other", Label: "other reasons"}

// ReasonOf returns the kind of a site that has no fix for why.
func ReasonOf(why string) Reason {
	for _, r := range reasons {
		for _, m := range r.match {
			if strings.Contains(why, m) {
				return r
			}
		}
	}
	return Other
}

// reasonLabel returns the label of the reason key.
func reasonLabel(key string) string {
	for _, r := range reasons {
		if r.Key == key {
			return r.Label
		}
	}
	return Other.Label
}

// reasonRank orders groups of the same size: in the table's order.
func reasonRank(key string) int {
	for i, r := range reasons {
		if r.Key == key {
			return i
		}
	}
	return len(reasons)
}
