//go:build unix

package emacstest_test

import (
	"os/exec"
	"syscall"
)

// ownGroup runs cmd (script) in a process group of its own, so that a
// timeout kills it at once. Emacs runs in the new session script opens on
// the pseudo-terminal; when script dies, the terminal hangs up, and Emacs
// exits and kills the language server it started.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

// reapGroup kills whatever is left of cmd's process group once cmd has
// exited; none left is the normal case.
func reapGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
