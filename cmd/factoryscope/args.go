package main

import (
	"fmt"
	"strings"
)

// valueFlags are the driver's flags that take a separate value ("-c 3"), so
// that scanning can tell a flag's value from the first package pattern.
// Boolean flags (-fix, -json, -singleton, ...) never take one.
var valueFlags = map[string]bool{
	"config": true, "c": true, "debug": true, "cpuprofile": true,
	"memprofile": true, "trace": true, "tags": true, "phase": true,
}

// invocation is what main needs to know from the command line before the
// x/tools driver parses it: the analyzers must exist by then.
type invocation struct {
	config    string            // -config value; "" when absent
	hasConfig bool              // -config was given
	flags     map[string]string // flags given, by name without dashes; "true" for a bare boolean
	args      []string          // positional arguments (packages, "help", unit.cfg)
}

// scan reads the command line the way the flag package will: flags end at
// the first non-flag argument or at "--".
func scan(argv []string) (invocation, error) {
	inv := invocation{flags: make(map[string]string)}
	for i := 0; i < len(argv); i++ {
		a := argv[i]
		if a == "--" {
			inv.args = argv[i+1:]
			break
		}
		if len(a) < 2 || a[0] != '-' {
			inv.args = argv[i:]
			break
		}
		name := strings.TrimPrefix(a[1:], "-")
		value, hasValue := "", false
		if eq := strings.IndexByte(name, '='); eq >= 0 {
			name, value, hasValue = name[:eq], name[eq+1:], true
		}
		if !hasValue && valueFlags[name] {
			if i+1 == len(argv) {
				return inv, fmt.Errorf("flag needs an argument: -%s", name)
			}
			i++
			value = argv[i]
		} else if !hasValue {
			value = "true"
		}
		inv.flags[name] = value
		if name == "config" {
			inv.config, inv.hasConfig = value, true
		}
	}
	return inv, nil
}

// has reports whether any of the named flags was given.
func (inv invocation) has(names ...string) bool {
	for _, n := range names {
		if _, ok := inv.flags[n]; ok {
			return true
		}
	}
	return false
}

// unit reports whether the driver will run as a go vet tool on one
// package: its only argument is the unit.cfg file go vet writes.
func (inv invocation) unit() bool {
	return len(inv.args) == 1 && strings.HasSuffix(inv.args[0], ".cfg")
}
