//go:build unix

package nvimtest_test

import (
	"os/exec"
	"syscall"
)

// ownGroup runs cmd in a process group of its own, so that a timeout kills
// the language server Neovim started along with Neovim.
func ownGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

// reapGroup kills whatever is left of cmd's process group once cmd has
// exited (a server that ignored shutdown); none left is the normal case.
func reapGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
