package ui

import (
	"errors"
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/theme"
)

type logKind int

const (
	logInfo logKind = iota
	logOK
	logErr
)

type logEntry struct {
	at   time.Time
	kind logKind
	text string
}

// actionLog is this session's record of what was sent and what came back,
// newest last. It keeps everything: the pane shows the tail.
type actionLog struct {
	now     func() time.Time
	entries []logEntry
}

func (l *actionLog) add(kind logKind, text string) {
	l.entries = append(l.entries, logEntry{at: l.now(), kind: kind, text: text})
}

// paneBlock is one piece of the status pane: a text and its style. Wrapped
// blocks take as many lines as they need; the others are cut to one.
type paneBlock struct {
	text  string
	style lipgloss.Style
	wrap  bool
}

// statusView draws the status pane, width wide: a rule, then the lines
// of statusText.
func (m *Model) statusView(width int) string {
	inner := width - m.styles.Pane.GetHorizontalFrameSize()
	return m.styles.Pane.Width(width).Render(strings.Join(m.statusText(inner), "\n"))
}

// statusLines is the status pane's height inside its frame.
func (m *Model) statusLines() int {
	return len(m.statusText(m.width - m.styles.Pane.GetHorizontalFrameSize()))
}

// statusText is what the status pane says, in as few lines as it takes:
// first what stands now (the listing, a sign-in prompt, a note, the
// failure under the cursor, the dispatch and its throttling), then the
// newest of the session's log, whole entries newest last. While idle
// that is one or two lines; a dispatch lets it grow. The request log (J)
// keeps everything the pane has no room for.
func (m *Model) statusText(inner int) []string {
	st := m.styles
	var head []paneBlock
	if p := m.prompt; p != nil {
		head = append(head, paneBlock{fmt.Sprintf("Sign in: open %s in any browser and enter the code %s", p.URL, p.Code),
			st.Warn.Bold(true), true})
	}
	head = append(head, m.listingBlock())
	if m.riskHidden > 0 {
		head = append(head, paneBlock{fmt.Sprintf("Risk levels of %s are hidden by Graph: the tenant lacks Microsoft Entra ID P2, which risk levels need.",
			plural(m.riskHidden, "sign-in")), st.Warn, true})
	}
	if m.note != "" {
		head = append(head, paneBlock{m.note, st.Warn, true})
	}
	if err := m.find.err; err != nil {
		head = append(head, paneBlock{"Filter: " + err.Error() + " (the last filter that made sense stays in force)", st.Err, true})
	}
	if o, id, ok := m.cursorOutcome(); ok {
		head = append(head, paneBlock{fmt.Sprintf("Row %s: %s", shortID(id), o.reason), st.Err, true})
	}
	if m.dispatch.running {
		head = append(head, paneBlock{m.dispatchLine(inner), st.Row, false})
	}
	if line := m.throttleLine(); line != "" {
		head = append(head, paneBlock{line, st.Err, false})
	}
	switch {
	case m.graph.ReadOnly():
		head = append(head, paneBlock{"Read-only (" + m.graph.ReadOnlyReason() + "): list, browse and select; nothing can be sent.", st.Muted, true})
	case len(m.log.entries) == 0 && m.onTheRows():
		head = append(head, paneBlock{fmt.Sprintf("%s selects (%s a range); %s: a verdict, asked before it is sent.",
			m.keys.Toggle.Help().Key, m.keys.Range.Help().Key, m.verdictKeyNames()), st.Muted, true})
	}
	most := max(4, m.height/4) // the table keeps the rest
	var out []string
	for _, b := range head {
		out = append(out, b.lines(inner)...)
	}
	if len(out) > most {
		out = out[:most]
	}
	// The log's tail: the newest entry while idle (a warning may take a
	// third line), more while sending.
	room := min(most-len(out), 2)
	if n := len(m.log.entries); n > 0 && m.log.entries[n-1].kind == logErr {
		room = min(most-len(out), 3)
	}
	if m.dispatch.running {
		room = most - len(out)
	}
	var tail []string
	for i := len(m.log.entries) - 1; i >= 0 && room > len(tail); i-- {
		b := m.log.entries[i].block(st)
		l := b.lines(inner)
		if len(l) > room-len(tail) {
			if len(tail) == 0 {
				l = l[:room]
				l[room-1] = b.style.Render(fit(ansi.Strip(l[room-1])+"…", inner))
				tail = l
			}
			break
		}
		tail = append(l, tail...)
	}
	return append(out, tail...)
}

// onTheRows reports the rows or the groups on top, where the verdict keys
// work.
func (m *Model) onTheRows() bool {
	switch m.top().(type) {
	case *rowsScreen, *groupsScreen:
		return true
	}
	return false
}

func (b paneBlock) lines(width int) []string {
	text := b.text
	if b.wrap {
		text = wrapWords(text, width)
	}
	var out []string
	for _, l := range strings.Split(text, "\n") {
		out = append(out, b.style.Render(fit(l, width)))
		if !b.wrap {
			break
		}
	}
	return out
}

func (e logEntry) block(st theme.Styles) paneBlock {
	style := st.Muted
	switch e.kind {
	case logOK:
		style = st.OK
	case logErr:
		style = st.Err
	}
	return paneBlock{e.text, style, true}
}

func (m *Model) listingBlock() paneBlock {
	st, l, n := m.styles, m.listing, m.table.len()
	next := fmt.Sprintf("Press %s to retry.", m.keys.Reload.Help().Key)
	if n > 0 {
		next = fmt.Sprintf("Press %s to resume from there.", m.keys.Reload.Help().Key)
	}
	if m.needSignIn && m.graph.CanSignInAgain() {
		next = fmt.Sprintf("Press %s to sign in again; the loaded rows and the selection stay.", m.keys.SignIn.Help().Key)
	}
	if errors.As(l.err, new(*graph.RowCapError)) {
		// Resuming would stop again at once.
		next = fmt.Sprintf("Press %s to narrow the query, or to raise Max rows.", m.keys.Query.Help().Key)
	}
	switch {
	case l.err != nil && n > 0:
		return paneBlock{fmt.Sprintf("✗ Listing stopped after %s (%s kept): %v %s",
			plural(l.pages, "page"), plural(n, "sign-in"), l.err, next), st.Err, true}
	case l.err != nil:
		return paneBlock{fmt.Sprintf("✗ Listing failed: %v %s", l.err, next), st.Err, true}
	case l.loading:
		return paneBlock{fmt.Sprintf("%s Loaded %s (%s), loading more…", m.spinner.View(), plural(n, "sign-in"), plural(l.pages, "page")), st.Row, false}
	}
	return paneBlock{fmt.Sprintf("✓ Loaded %s (%s, complete).", plural(n, "sign-in"), plural(l.pages, "page")) + m.nets.suffix(), st.OK, false}
}

func (m *Model) dispatchLine(width int) string {
	d := m.dispatch
	done := d.accepted + d.failed + d.notSent
	text := fmt.Sprintf("%s %s: request %d of %d · %d/%s done ",
		m.spinner.View(), d.verdict, d.at, d.requests, done, d.verdict.Subject.Noun(d.signIns))
	if pace := m.graph.Pace(); pace > 0 && d.requests > d.at {
		text += fmt.Sprintf("· about %s left ", (time.Duration(d.requests-d.at) * pace).Round(time.Second))
	}
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
func (ses *session) cursorOutcome() (idOutcome, string, bool) {
	s, ok := ses.table.current()
	if !ok {
		return idOutcome{}, "", false
	}
	o := ses.outcomes[s.ID]
	if (o.kind == outcomeFailed || o.kind == outcomeNotSent || o.kind == outcomeUnknown) && o.reason != "" {
		return o, s.ID, true
	}
	return idOutcome{}, "", false
}

func shortID(id string) string {
	id = sanitize.Visible(id)
	if r := []rune(id); len(r) > 8 {
		return string(r[:8])
	}
	return id
}

// Record is the session's log of what was sent and what Graph answered,
// one line each, for printing after the UI closes so it stays in the
// terminal's scrollback.
func (m *Model) Record() []string {
	var out []string
	if len(m.log.entries) > 0 {
		out = append(out, "signin-triage: what this session sent (times in UTC)")
		for _, e := range m.log.entries {
			out = append(out, e.at.UTC().Format("2006-01-02 15:04:05  ")+e.text)
		}
		for _, line := range m.cutOffLines() {
			out = append(out, sanitize.String(line))
		}
		out = append(out, m.followUpLines()...)
	}
	if m.epilogue != nil {
		out = append(out, m.epilogue()...)
	}
	return out
}

// busy reports whether anything is in flight, which keeps the spinner
// turning.
func (m *Model) busy() bool { return m.listing.loading || m.dispatch.running }

// spin starts the spinner if it is not turning already.
func (m *Model) spin() tea.Cmd {
	if m.spinning {
		return nil
	}
	m.spinning = true
	return m.spinner.Tick // a method value: the spinner is copied now
}

func (m *Model) handleTick(msg spinner.TickMsg) tea.Cmd {
	if !m.busy() {
		m.spinning = false
		return nil
	}
	var cmd tea.Cmd
	m.spinner, cmd = m.spinner.Update(msg)
	return cmd
}
