package graph

import (
	"context"
	"sync"
	"time"
)

// Clock is the time a Pacer keeps. Tests inject one that moves only when
// the pacer sleeps, so spacing can be checked without waiting.
type Clock interface {
	Now() time.Time
	// Sleep returns after d, or with ctx's error if ctx ends first.
	Sleep(ctx context.Context, d time.Duration) error
}

// realClock is the wall clock.
type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Pacer spaces the requests of one tenant's Identity Protection bucket:
// the three verdicts and the detail reads (risk detections, risky users)
// share one request a second per tenant, and its 429s carry no Retry-After
// (docs/graph.md). One request is in flight at a time, each starts at least
// `every` after the one before, and a waiting verdict goes before a waiting
// read.
type Pacer struct {
	every time.Duration
	clock Clock

	mu      sync.Mutex
	busy    bool      // a request holds the turn, or is sleeping for it
	last    time.Time // when the last request was let go; zero before any
	actions int       // verdict requests waiting for the turn
	queued  int       // requests of either kind waiting for the turn
	changed chan struct{}
}

// newPacer paces requests every apart on clock; a nil clock is the wall
// clock, and every of zero only keeps one request in flight at a time.
func newPacer(every time.Duration, clock Clock) *Pacer {
	if clock == nil {
		clock = realClock{}
	}
	return &Pacer{every: every, clock: clock, changed: make(chan struct{})}
}

// Every is the least time between two requests.
func (p *Pacer) Every() time.Duration { return p.every }

// Turn waits for the turn of a request: action says it is a verdict, which
// goes before any read waiting with it. The caller sends its request, then
// calls release (exactly once). It fails only when ctx ends first.
func (p *Pacer) Turn(ctx context.Context, action bool) (release func(), err error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.queued++
	defer func() { p.queued-- }()
	if action {
		p.actions++
		defer func() { p.actions--; p.signal() }()
	}
	for {
		if !p.busy && (action || p.actions == 0) {
			wait := time.Duration(0)
			if !p.last.IsZero() {
				wait = p.last.Add(p.every).Sub(p.clock.Now())
			}
			if wait <= 0 {
				p.busy, p.last = true, p.clock.Now()
				var once sync.Once
				return func() { once.Do(p.release) }, nil
			}
			// Hold the turn while sleeping, so that no one else sleeps
			// for the same slot; then look again, as a verdict may have
			// come to wait meanwhile.
			p.busy = true
			p.mu.Unlock()
			err := p.clock.Sleep(ctx, wait)
			p.mu.Lock()
			p.busy = false
			p.signal()
			if err != nil {
				return nil, err
			}
			continue
		}
		changed := p.changed
		p.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			p.mu.Lock()
			return nil, ctx.Err()
		}
		p.mu.Lock()
	}
}

func (p *Pacer) release() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.busy = false
	p.signal()
}

// signal wakes every waiter to look again. The caller holds p.mu.
func (p *Pacer) signal() {
	close(p.changed)
	p.changed = make(chan struct{})
}
