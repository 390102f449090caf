// Package legacy imports repl directly, so it knows that the configured
// replacement repl.Missing does not exist.
package legacy

import "example.com/rulefit/repl"

func Get() *repl.H { return nil } // want `rule for example.com/rulefit/legacy.Get: replacement example.com/rulefit/repl.Missing does not exist`
