package driver

// CheckFacts turns on d's sanity checks of facts: each exported fact is
// round-tripped through gob, which must encode it the same way twice and
// give back an equal value.
func CheckFacts(d *Driver) { d.sanity = true }

// Test fixtures, shared with the external tests.
var (
	Archive     = archive
	WriteModule = writeModule
)
