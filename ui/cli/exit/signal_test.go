//go:build unix

package exit

import (
	"context"
	"syscall"
	"testing"
)

// TestOnSignal: a signal cancels the context and stop says 128 + its
// number, as often as it is asked; without one, stop says OK and the
// context ends too.
func TestOnSignal(t *testing.T) {
	ctx, stop := OnSignal(context.Background())
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGHUP); err != nil {
		t.Skip("cannot signal this process:", err)
	}
	<-ctx.Done()
	for range 2 {
		if got := stop(); got != Signal+Status(syscall.SIGHUP) {
			t.Errorf("after SIGHUP: %d", got)
		}
	}
	ctx, stop = OnSignal(context.Background())
	if got := stop(); got != OK || ctx.Err() == nil {
		t.Errorf("without a signal: %d, context %v", got, ctx.Err())
	}
}
