package graph

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"
)

// stepClock moves only when slept on (simtest has the shared one; this
// package's own tests cannot import it).
type stepClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *stepClock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }

func (c *stepClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return ctx.Err()
}

// waiting reports how many requests, and how many verdicts among them,
// wait for the turn.
func (p *Pacer) waiting() (all, verdicts int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.queued, p.actions
}

// TestPacerLetsVerdictsGoFirst: a read and then a verdict wait while
// another read holds the turn: the verdict goes first, each a second
// after the one before; a canceled wait never gets the turn.
func TestPacerLetsVerdictsGoFirst(t *testing.T) {
	start := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	clock := &stepClock{t: start}
	p := newPacer(time.Second, clock)
	ctx := context.Background()
	release, _ := p.Turn(ctx, false) // a read in flight
	var mu sync.Mutex
	var order []string
	var wg sync.WaitGroup
	take := func(action bool, name string) {
		wg.Go(func() {
			r, err := p.Turn(ctx, action)
			if err != nil {
				t.Error(err)
				return
			}
			mu.Lock()
			order = append(order, name)
			mu.Unlock()
			r()
		})
	}
	take(false, "read")
	take(true, "verdict")
	for all, verdicts := p.waiting(); all < 2 || verdicts < 1; all, verdicts = p.waiting() {
		time.Sleep(time.Millisecond) // until both wait
	}
	release()
	wg.Wait()
	if !slices.Equal(order, []string{"verdict", "read"}) {
		t.Errorf("order %v", order)
	}
	if got := clock.Now().Sub(start); got != 2*time.Second {
		t.Errorf("three requests took %v on the clock, want 2s", got)
	}
	cctx, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := p.Turn(cctx, false); err == nil {
		t.Error("a canceled wait got the turn")
	}
}
