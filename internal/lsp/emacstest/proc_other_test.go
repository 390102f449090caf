//go:build !unix

package emacstest_test

import "os/exec"

func ownGroup(*exec.Cmd)  {}
func reapGroup(*exec.Cmd) {}
