//go:build unix

package journal

import (
	"errors"
	"os"
	"syscall"
)

// lock takes the journal for this process alone: two sessions appending
// at once would fork the chain. It fails at once if another holds it.
func lock(f *os.File) error {
	err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		return errLocked
	}
	return err
}
