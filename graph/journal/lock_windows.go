//go:build windows

package journal

import (
	"errors"
	"os"

	"golang.org/x/sys/windows"
)

// lock takes the journal for this process alone, as flock does on Unix:
// an exclusive lock on its first byte range, failing at once if another
// process holds it. Windows drops the lock when the handle closes.
func lock(f *os.File) error {
	const whole = ^uint32(0)
	err := windows.LockFileEx(windows.Handle(f.Fd()),
		windows.LOCKFILE_EXCLUSIVE_LOCK|windows.LOCKFILE_FAIL_IMMEDIATELY, 0, whole, whole, new(windows.Overlapped))
	if errors.Is(err, windows.ERROR_LOCK_VIOLATION) {
		return errLocked
	}
	return err
}
