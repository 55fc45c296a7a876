package ui

import (
	"slices"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// Journal is what the UI reads of the action journal.
type Journal interface {
	Path() string
	Session() []journal.Record
}

// journalScreen lists this session's journal records and every sign-in
// that needs attention: failed, unknown, not sent.
type journalScreen struct {
	pager
	ses *session
}

var _ screen = (*journalScreen)(nil)

func newJournalScreen(ses *session) *journalScreen {
	return &journalScreen{pager: newPager(), ses: ses}
}

func (j *journalScreen) title() string { return "Journal and what needs attention" }

func (j *journalScreen) commands() []command {
	ses, k := j.ses, j.ses.keys
	back := func() action { return popScreen{} }
	cmds := []command{live(described(k.Back, "back"), back), live(described(k.Journal, "close"), back), ses.quitCommand()}
	cmds = append(cmds, j.scrollCommands(k)...)
	return append(cmds, ses.helpCommand(j))
}

func (j *journalScreen) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(j.commands(), msg)
}

func (j *journalScreen) refresh() bool {
	j.show(j.ses, j.ses.journalText(j.ses.width))
	return true
}

// journalText is the attention list, then the journal records.
func (ses *session) journalText(width int) string {
	st := ses.styles
	var b strings.Builder
	wrap := func(s string) string { return ansi.Wrap(s, max(width-2, 20), " ,") }

	b.WriteString(st.PaneTitle.Render("Needs attention") + "\n")
	type item struct{ id, text string }
	var items []item
	for id, o := range ses.outcomes {
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

	if lines := ses.followUps.lines(); lines != nil {
		b.WriteString("\n" + st.PaneTitle.Render("To follow up") + "\n")
		for _, l := range lines {
			b.WriteString(st.Warn.Render(wrap("  "+strings.TrimSpace(l))) + "\n")
		}
	}
	b.WriteString("\n" + st.PaneTitle.Render("Journal of this session") + "\n")
	if ses.journal == nil {
		b.WriteString(st.Muted.Render("  No journal in this session (read-only, or no state directory).") + "\n")
		return b.String()
	}
	b.WriteString(st.Muted.Render(wrap("  "+ses.journal.Path()+"  (signin-triage journal verify checks it)")) + "\n")
	recs := ses.journal.Session()
	if len(recs) == 0 {
		b.WriteString(st.Muted.Render("  Nothing sent yet.") + "\n")
	}
	for _, r := range recs {
		line := "  " + r.Line()
		b.WriteString(wrap(line) + "\n")
		b.WriteString(st.Muted.Render(wrap("      "+sanitize.String(strings.Join(r.IDs, ", ")))) + "\n")
	}
	return b.String()
}
