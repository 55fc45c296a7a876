package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime/debug"
	"slices"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// Run runs the program p on model m until the analyst quits or a signal
// (SIGINT, SIGTERM, SIGHUP) ends it, then writes the session's record to
// out, with every request cut off in flight as unknown. p must be built
// with tea.WithoutSignalHandler: Run listens for the signals itself
// (exit.OnSignal), so that it knows one came. It returns the exit status:
// OK, Trouble when a request failed or ended unknown, or Signal + the
// signal's number.
func Run(p *tea.Program, m *Model, out io.Writer) (exit.Status, error) {
	m.gc = newGCTarget(os.Getenv("GOGC")) // the collector's target follows the listing (gctarget.go)
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(gcLimit)
	}
	signaled, stop := exit.OnSignal(context.Background())
	quit := context.AfterFunc(signaled, func() {
		stop()     // a second signal kills a shutdown that hangs
		m.cancel() // stop what is in flight; its outcome stays unknown
		p.Quit()
	})
	_, err := p.Run()
	quit()
	m.cancel()
	for _, line := range m.Record() {
		fmt.Fprintln(out, line)
	}
	if status := stop(); status != exit.OK {
		return status, nil
	}
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return exit.Trouble, fmt.Errorf("the terminal UI failed: %w", err)
	}
	if m.troubled() {
		return exit.Trouble, nil
	}
	return exit.OK, nil
}

// troubled reports a request of the session that failed or ended unknown,
// cut off at exit included.
func (m *Model) troubled() bool {
	for _, o := range m.outcomes {
		if o.kind == outcomeFailed || o.kind == outcomeUnknown || o.kind == outcomeSending {
			return true
		}
	}
	return false
}

// cutOff are this session's requests cut off by quitting or by a signal:
// the journal has their intent, and no outcome or an unknown one, and the
// UI never learned how they ended (their sign-ins still read sending).
func (m *Model) cutOff() []journal.Record {
	if m.journal == nil {
		return nil
	}
	recs := m.journal.Session()
	ended := map[string]string{}
	for _, r := range recs {
		if r.Kind == journal.Outcome {
			ended[r.Request] = r.Outcome
		}
	}
	var out []journal.Record
	for _, r := range recs {
		if r.Kind != journal.Intent || (ended[r.Request] != "" && ended[r.Request] != "unknown") {
			continue
		}
		if slices.ContainsFunc(r.IDs, func(id string) bool { return m.outcomes[id].kind == outcomeSending }) {
			out = append(out, r)
		}
	}
	return out
}

// stoppedLine says, for the record at exit, how a dispatch still running
// when the session ended (X, or a signal) stands: after which request,
// what Graph accepted, what was cut off in flight, what was never sent.
// "" when no dispatch was running.
func (m *Model) stoppedLine() string {
	d := &m.dispatch
	if !d.running {
		return ""
	}
	waiting := 0
	for _, o := range m.outcomes {
		if o.kind == outcomeSending {
			waiting++
		}
	}
	// The journal names the request in flight; without one, it is the
	// next batch of those still waiting.
	cut := min(waiting, m.graph.BatchSize())
	if m.journal != nil {
		cut = 0
		for _, r := range m.cutOff() {
			cut += len(r.IDs)
		}
	}
	if cut == 0 {
		return fmt.Sprintf("✗ %s stopped before request %d of %d (the session ended between requests): %d accepted, %d failed, %d unknown, %d not sent.",
			d.verdict, d.at, d.requests, d.accepted, d.failed, d.unknown, waiting+d.notSent)
	}
	unknown := ""
	if d.unknown > 0 {
		unknown = fmt.Sprintf(", %d unknown earlier", d.unknown)
	}
	return fmt.Sprintf("✗ %s stopped after request %d of %d (the session ended while it was in flight): %d accepted, %d failed%s, %d cut off (unknown: check them before sending again), %d not sent.",
		d.verdict, d.at, d.requests, d.accepted, d.failed, unknown, cut, max(waiting-cut, 0)+d.notSent)
}

// cutOffLines say, for the record at exit, what each cut-off request was
// and what to check.
func (m *Model) cutOffLines() []string {
	var out []string
	if line := m.stoppedLine(); line != "" {
		out = append(out, line)
	}
	for _, r := range m.cutOff() {
		out = append(out, fmt.Sprintf("✗ Cut off at exit, outcome unknown: %s %s for %s (Graph may or may not have applied it); check these sign-ins in the Entra admin center before sending again: %s",
			r.Request, r.Action, plural(len(r.IDs), "sign-in"), sanitize.IDs(r.IDs)))
	}
	return out
}
