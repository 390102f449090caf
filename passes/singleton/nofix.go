package singleton

import "fmt"

// noFix is why a site gets no fix; a nil *noFix means it gets one. Rules
// share theirs among their sites, so it is never changed in place.
type noFix struct {
	why  string // the reason
	note string // what else the user should know: values passed over, where the value goes
}

func noFixf(format string, args ...any) *noFix { return &noFix{why: fmt.Sprintf(format, args...)} }

// noted returns n with note added.
func (n *noFix) noted(note string) *noFix {
	c := *n
	c.note += note
	return &c
}

// noFixMessage is the diagnostic of a site without a fix; every such
// message is written here.
func (s *site) noFixMessage() string {
	r := s.rule
	use := lastElem(r.replacement.Path) + "." + r.replacement.Name
	if r.replacementFunc != nil {
		use = objName(r.replacementFunc)
	}
	return fmt.Sprintf("%s; use %s instead (no fix: %s%s)%s", s.what(), use, s.noFix.why, s.noFix.note, s.extra())
}
