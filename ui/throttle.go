package ui

import (
	"fmt"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// throttling is Graph's current wait before a retry, counted down in the
// status pane.
type throttling struct {
	t     graph.Throttle
	until time.Time // zero when not waiting
}

// throttleTickMsg redraws the countdown each second.
type throttleTickMsg struct{}

func throttleTickCmd() tea.Cmd {
	return tea.Tick(time.Second, func(time.Time) tea.Msg { return throttleTickMsg{} })
}

// handleThrottle logs a wait and starts counting it down; the command
// that reported it goes on waiting.
func (m *Model) handleThrottle(msg throttleMsg) tea.Cmd {
	t := msg.t
	until := t.At.Add(t.Wait)
	if !time.Now().Before(until) {
		return msg.next // over already (reported while no one watched)
	}
	m.throttle = throttling{t: t, until: until}
	text := fmt.Sprintf("⏳ Throttled by Graph (%d): retrying in %s (retry %d of %d).", t.Status, waitText(t.Wait), t.Attempt, t.Of)
	if t.Asked > t.Wait {
		text += fmt.Sprintf(" It asked for %s; waits are capped.", waitText(t.Asked))
	}
	m.log.add(logErr, text)
	return tea.Batch(msg.next, throttleTickCmd())
}

// throttleTick keeps the countdown going until the wait is over.
func (m *Model) throttleTick() tea.Cmd {
	if m.throttle.until.IsZero() || !time.Now().Before(m.throttle.until) {
		m.throttle = throttling{}
		return nil
	}
	return throttleTickCmd()
}

// throttleLine is the countdown, "" when Graph is not making anyone wait.
func (m *Model) throttleLine() string {
	left := time.Until(m.throttle.until)
	if m.throttle.until.IsZero() || left <= 0 {
		return ""
	}
	return fmt.Sprintf("⏳ Throttled by Graph (%d): retrying in %s", m.throttle.t.Status, waitText(left.Round(time.Second)))
}

func waitText(d time.Duration) string {
	if d < time.Minute {
		return fmt.Sprintf("%d s", int((d+time.Second-1)/time.Second))
	}
	return d.Round(time.Second).String()
}
