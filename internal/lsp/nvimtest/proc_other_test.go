//go:build !unix

package nvimtest_test

import "os/exec"

func ownGroup(*exec.Cmd)  {}
func reapGroup(*exec.Cmd) {}
