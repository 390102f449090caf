//go:build unix

package e2etest

import (
	"os/exec"
	"syscall"
)

// OwnGroup runs cmd in a process group of its own, so that a timeout kills
// at once what cmd started too: the language server an editor started, or
// an editor that script runs on a pseudo-terminal (when script dies, the
// terminal hangs up, and the editor exits and kills its server).
func OwnGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	cmd.Cancel = func() error { return syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) }
}

// ReapGroup kills whatever is left of cmd's process group once cmd has
// exited (a server that ignored shutdown); none left is the normal case.
func ReapGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
