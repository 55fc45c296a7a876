package exit

import (
	"context"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// OnSignal is parent, canceled when SIGINT, SIGTERM or SIGHUP arrives;
// the UI and every command that sends or writes listen through it, so
// that a signal cancels what is in flight and the program still says
// what was cut off. stop stops listening and returns the status the
// signal means (Signal + its number), or OK when none came. stop may be
// called more than once, from any goroutine, and gives the same status
// each time: the UI calls it as soon as a signal comes, so that a second
// signal kills a shutdown that hangs, and again for the status.
//
// The context is canceled plainly, with no cause of its own: what was
// cut off reads as canceled (context.Canceled), as for any other stop.
func OnSignal(parent context.Context) (ctx context.Context, stop func() Status) {
	ctx, cancel := context.WithCancel(parent)
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, syscall.SIGINT, syscall.SIGTERM, syscall.SIGHUP)
	caught := make(chan Status, 1)
	go func() {
		select {
		case s := <-sigs:
			n, _ := s.(syscall.Signal)
			caught <- Signal + Status(n)
			cancel()
		case <-ctx.Done():
		}
	}()
	var once sync.Once
	status := OK
	return ctx, func() Status {
		once.Do(func() {
			signal.Stop(sigs)
			cancel()
			select {
			case status = <-caught:
			default:
			}
		})
		return status
	}
}
