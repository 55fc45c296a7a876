package ui

import (
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph/journal"
)

// Journal is what the UI reads of the action journal.
type Journal interface {
	Path() string
	Session() []journal.Record
}

// journalView lists this session's journal records and every sign-in that
// needs attention: failed, unknown, not sent.
type journalView struct {
	vp viewport.Model
}

func (m *Model) openJournalView() {
	m.endRange()
	m.journalView = &journalView{vp: viewport.New()}
	m.refreshJournalView()
}

func (m *Model) refreshJournalView() {
	v := m.journalView
	if v == nil {
		return
	}
	v.vp.SetWidth(m.width)
	v.vp.SetHeight(m.table.height + 1)
	v.vp.SetContent(m.journalText(m.width))
}

func (m *Model) handleJournalKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.Back), key.Matches(msg, m.keys.Journal):
		m.journalView = nil
	case key.Matches(msg, m.keys.Quit):
		return m.quit()
	default:
		var cmd tea.Cmd
		m.journalView.vp, cmd = m.journalView.vp.Update(msg)
		return cmd
	}
	return nil
}

// journalText is the attention list, then the journal records.
func (m *Model) journalText(width int) string {
	st := m.styles
	var b strings.Builder
	wrap := func(s string) string { return ansi.Wrap(s, max(width-2, 20), " ,") }

	b.WriteString(st.PaneTitle.Render("Needs attention") + "\n")
	type item struct{ id, text string }
	var items []item
	for id, o := range m.outcomes {
		switch o.kind {
		case outcomeFailed:
			items = append(items, item{id, "failed: " + o.reason})
		case outcomeUnknown:
			items = append(items, item{id, "unknown: " + o.reason})
		case outcomeNotSent:
			items = append(items, item{id, "not sent: " + o.reason})
		}
	}
	slices.SortFunc(items, func(a, b item) int { return strings.Compare(a.id, b.id) })
	if len(items) == 0 {
		b.WriteString(st.Muted.Render("  Nothing: every sign-in sent this session was accepted.") + "\n")
	}
	for _, it := range items {
		b.WriteString(st.Err.Render(wrap("  "+it.id+"  "+it.text)) + "\n")
	}

	b.WriteString("\n" + st.PaneTitle.Render("Journal of this session") + "\n")
	if m.journal == nil {
		b.WriteString(st.Muted.Render("  No journal in this session (read-only, or no state directory).") + "\n")
		return b.String()
	}
	b.WriteString(st.Muted.Render(wrap("  "+m.journal.Path()+"  (signin-triage journal verify checks it)")) + "\n")
	recs := m.journal.Session()
	if len(recs) == 0 {
		b.WriteString(st.Muted.Render("  Nothing sent yet.") + "\n")
	}
	for _, r := range recs {
		line := "  " + r.Line()
		b.WriteString(wrap(line) + "\n")
		b.WriteString(st.Muted.Render(wrap("      "+strings.Join(r.IDs, ", "))) + "\n")
	}
	return b.String()
}
