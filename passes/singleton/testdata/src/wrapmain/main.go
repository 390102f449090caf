package main

import (
	"example.com/wrap/agents"
	"example.com/wrap/deps"
)

// The value passed on from main is not followed: the message says where it goes.
func main() {
	deps.Use(agents.Shared()) // want `no fix: it is in func main, where no request is in reach; the value goes to deps.Use's parameter f, which is not followed\)`
}
