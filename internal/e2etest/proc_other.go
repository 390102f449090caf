//go:build !unix

package e2etest

import "os/exec"

// OwnGroup does nothing where there are no process groups.
func OwnGroup(*exec.Cmd) {}

// ReapGroup does nothing where there are no process groups.
func ReapGroup(*exec.Cmd) {}
