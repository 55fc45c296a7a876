package graph

import (
	"context"
	"sync"
	"time"
)

// Listing limits: Graph's reports (the sign-in log) allow 5 requests per
// 10 seconds per app per tenant (docs/graph.md).
const (
	ListRequests = 5
	ListWindow   = 10 * time.Second
)

// window lets at most n requests start in any span of per: a request that
// would be the n+1th waits until the oldest of the last n is per old. It
// paces the listing to Graph's limit rather than learning it from 429s.
type window struct {
	n     int
	per   time.Duration
	clock Clock

	mu     sync.Mutex
	starts []time.Time // the last n starts, oldest first
}

func newWindow(n int, per time.Duration, clock Clock) *window {
	if clock == nil {
		clock = realClock{}
	}
	return &window{n: n, per: per, clock: clock}
}

// wait returns when a request may start, or with ctx's error.
func (w *window) wait(ctx context.Context) error {
	w.mu.Lock()
	defer w.mu.Unlock()
	for len(w.starts) == w.n {
		wait := w.starts[0].Add(w.per).Sub(w.clock.Now())
		if wait <= 0 {
			w.starts = w.starts[1:]
			break
		}
		// Requests of one listing come one after another; holding the lock
		// while sleeping keeps them in order.
		if err := w.clock.Sleep(ctx, wait); err != nil {
			return err
		}
	}
	w.starts = append(w.starts, w.clock.Now())
	return nil
}
