package ui

import (
	"fmt"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// userText is what the confirm dialog says of a user action: the request
// it sends and how often, the users, what the guard leaves out, what the
// action does (dismissing: all of each user's risk, with no undo), and
// the keys. Like the verdicts' text it fits 80×24 for any selection.
func (d *confirmDialog) userText(width int) string {
	m, st, p := d.ses, d.ses.styles, d.plan
	inner := max(width-d.style().GetHorizontalFrameSize(), 20)
	sent, listKey := len(p.sent()), m.keys.List.Help().Key
	var b strings.Builder
	line := func(style lipgloss.Style, text string) {
		b.WriteString(style.Render(text) + "\n")
	}
	title := fmt.Sprintf(p.verdict.Ask, plural(sent, "user"))
	send := "Sends"
	if m.graph.DryRun() {
		title, send = "DRY RUN: "+title, "Would send (dry run: nothing is sent)"
	}
	line(st.DialogTitle, title)
	how := fmt.Sprintf("%s POST %s with %s in %s", send, p.verdict.Path, plural(sent, "user ID"), plural(p.requests, "request"))
	switch {
	case p.verdict.PerID:
		how = fmt.Sprintf("%s POST %s once for each of %s, no body, one request at a time, paced", send, p.verdict.Path, plural(sent, "user"))
	case p.requests > 1:
		how += fmt.Sprintf(" (at most %d users each)", p.batchSize)
	}
	line(lipgloss.NewStyle(), how+".")
	if sent > 0 {
		line(lipgloss.NewStyle(), "Users: "+nameSummary(p.userNames, inner*2-8, listKey))
	}
	b.WriteString(d.guardText(inner))
	effect := st.Warn
	if len(p.verdict.Conflicts) > 0 && p.verdict.Name == graph.ActionDismissUserRisk {
		effect = st.Err
	}
	line(effect, "It "+p.verdict.Effect)
	end := st.Err.Render("Graph offers no undo.")
	if m.graph.DryRun() {
		end = st.Warn.Render("Dry run: " + m.keys.RequestLog.Help().Key + " shows each request and its body.")
	}
	b.WriteString(end + "\n")
	if d.noting || d.note.Value() != "" {
		b.WriteString(d.noteView() + "\n")
	}
	b.WriteString("\n" + d.keysLine())
	return b.String()
}
