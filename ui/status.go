package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/signin-triage/signin-triage/theme"
)

type logKind int

const (
	logInfo logKind = iota
	logOK
	logErr
)

type logEntry struct {
	kind logKind
	text string
}

// actionLog is this session's record of what was sent and what came back,
// newest last. It keeps everything: the pane shows the tail.
type actionLog struct {
	entries []logEntry
}

func (l *actionLog) add(kind logKind, text string) {
	l.entries = append(l.entries, logEntry{kind: kind, text: text})
}

func (l *actionLog) tail(n int) []logEntry {
	if n <= 0 {
		return nil
	}
	return l.entries[max(len(l.entries)-n, 0):]
}

// statusView draws the status pane: what is loaded, what is being sent, and
// the latest results, in lines lines of text inside a frame width wide.
func (m *Model) statusView(width, lines int) string {
	st := m.styles
	inner := width - st.Pane.GetHorizontalFrameSize()
	var out []string
	out = append(out, m.listingLine(st))
	if m.note != "" {
		out = append(out, st.Warn.Render(m.note))
	}
	if o, id, ok := m.cursorOutcome(); ok {
		out = append(out, st.Err.Render(fmt.Sprintf("Row %s: %s", shortID(id), o.reason)))
	}
	if m.dispatch.running {
		out = append(out, m.dispatchLine(inner))
	}
	if len(m.log.entries) == 0 {
		out = append(out, st.Muted.Render(fmt.Sprintf("Select rows with %s (%s for a range), then %s to confirm them safe. Nothing is sent before you confirm.",
			m.keys.Toggle.Help().Key, m.keys.Range.Help().Key, m.keys.ConfirmSafe.Help().Key)))
	}
	for _, e := range m.log.tail(lines - len(out)) {
		style := st.Muted
		switch e.kind {
		case logOK:
			style = st.OK
		case logErr:
			style = st.Err
		}
		out = append(out, style.Render(e.text))
	}
	for i, line := range out {
		out[i] = fit(line, inner)
	}
	if len(out) > lines {
		out = out[:lines]
	}
	for len(out) < lines {
		out = append(out, "")
	}
	return st.Pane.Width(width).Render(strings.Join(out, "\n"))
}

func (m *Model) listingLine(st theme.Styles) string {
	l := m.listing
	n := m.table.len()
	switch {
	case l.err != nil && n > 0:
		return st.Err.Render(fmt.Sprintf("✗ Listing stopped after %d pages (%d sign-ins kept): %v Press %s to reload.",
			l.pages, n, l.err, m.keys.Reload.Help().Key))
	case l.err != nil:
		return st.Err.Render(fmt.Sprintf("✗ Listing failed: %v Press %s to retry.", l.err, m.keys.Reload.Help().Key))
	case l.loading:
		return fmt.Sprintf("%s Loaded %s (%s), loading more…", m.spinner.View(), plural(n, "sign-in"), plural(l.pages, "page"))
	}
	return st.OK.Render(fmt.Sprintf("✓ Loaded %s (%s, complete).", plural(n, "sign-in"), plural(l.pages, "page")))
}

func (m *Model) dispatchLine(width int) string {
	d := m.dispatch
	done := d.confirmed + d.failed + d.notSent
	text := fmt.Sprintf("%s %s: request %d of %d · %d/%d sign-ins done ",
		m.spinner.View(), d.action, min(d.reported+1, d.requests), d.requests, done, d.signIns)
	if barWidth := min(width-lipgloss.Width(text), 30); barWidth >= 5 {
		text += progressBar(float64(done)/float64(max(d.signIns, 1)), barWidth)
	}
	return text
}

// progressBar is a plain bar of width cells; glyphs, so it reads without
// colour.
func progressBar(frac float64, width int) string {
	full := int(frac*float64(width) + 0.5)
	full = min(max(full, 0), width)
	return strings.Repeat("█", full) + strings.Repeat("░", width-full)
}

// cursorOutcome is the failure on the row under the cursor, if any, so its
// reason is on screen while the analyst looks at it.
func (m *Model) cursorOutcome() (idOutcome, string, bool) {
	s, ok := m.table.current()
	if !ok {
		return idOutcome{}, "", false
	}
	o := m.outcomes[s.ID]
	if (o.kind == outcomeFailed || o.kind == outcomeNotSent) && o.reason != "" {
		return o, s.ID, true
	}
	return idOutcome{}, "", false
}

func shortID(id string) string {
	if len(id) > 8 {
		return id[:8]
	}
	return id
}

// Record is the session's log of what was sent and what Graph answered,
// one line each, for printing after the UI closes so it stays in the
// terminal's scrollback.
func (m *Model) Record() []string {
	if len(m.log.entries) == 0 {
		return nil
	}
	out := []string{"signin-triage: what this session sent"}
	for _, e := range m.log.entries {
		out = append(out, "  "+e.text)
	}
	return out
}
