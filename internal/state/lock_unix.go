//go:build unix

package state

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"

	"github.com/tributarydb/tributary/internal/base"
)

// LockFileName is the file in the data directory that an open Store holds
// an exclusive flock on. flock (not fcntl) is used because it conflicts
// between two opens in the same process too, and the kernel releases it
// when the process dies, even on SIGKILL.
const LockFileName = "tributary.lock"

type dirLock struct{ f *os.File }

func lockDir(dir string) (*dirLock, error) {
	path := filepath.Join(dir, LockFileName)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, base.Errorf(base.CodeIOError, "could not open lock file %q: %v", path, err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		defer f.Close()
		if err == syscall.EWOULDBLOCK {
			pid := "unknown"
			if b, rerr := os.ReadFile(path); rerr == nil {
				if s := strings.TrimSpace(string(b)); s != "" {
					pid = s
				}
			}
			return nil, base.Errorf(base.CodeObjectInUse,
				"data directory %q is in use by another tributary process (pid %s)", dir, pid)
		}
		return nil, base.Errorf(base.CodeIOError, "could not lock %q: %v", path, err)
	}
	// The pid is informational (for the message above); the lock is the flock.
	if err := f.Truncate(0); err == nil {
		_, _ = f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &dirLock{f: f}, nil
}

func (l *dirLock) unlock() error {
	if l == nil || l.f == nil {
		return nil
	}
	_ = syscall.Flock(int(l.f.Fd()), syscall.LOCK_UN)
	err := l.f.Close()
	l.f = nil
	if err != nil {
		return fmt.Errorf("closing lock file: %w", err)
	}
	return nil
}
