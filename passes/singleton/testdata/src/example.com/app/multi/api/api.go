package api

// Doer does.
type Doer interface{ Do() }
