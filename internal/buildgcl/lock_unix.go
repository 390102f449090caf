//go:build unix

package main

import (
	"os"
	"syscall"
)

// lock takes an exclusive lock on file, waiting for it, so that two builds
// (say, two test packages) never share the scratch directory at once.
func lock(file string) (unlock func(), err error) {
	f, err := os.OpenFile(file, os.O_CREATE|os.O_RDWR, 0o644)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil // closing releases the lock
}
