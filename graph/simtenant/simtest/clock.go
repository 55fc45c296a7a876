package simtest

import (
	"context"
	"sync"
	"time"
)

// StepClock is a clock that moves only when someone sleeps on it: a
// pacer's waits take no real time, and the spacing they keep can be read
// off the times the tenant stamps on each request (simtenant.Options.Clock).
type StepClock struct {
	mu sync.Mutex
	t  time.Time
}

// NewStepClock starts a StepClock at t.
func NewStepClock(t time.Time) *StepClock { return &StepClock{t: t} }

// Now is the clock's time.
func (c *StepClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

// Sleep moves the clock on by d at once.
func (c *StepClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
	return nil
}
