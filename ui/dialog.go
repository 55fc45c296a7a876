package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"charm.land/lipgloss/v2"
)

// confirmDialog asks before a verdict is sent, naming exactly what will
// be: y (or enter) sends, n or esc cancels, and no other key does anything.
type confirmDialog struct {
	ses  *session
	plan plan
}

var _ screen = (*confirmDialog)(nil)

func (d *confirmDialog) title() string { return "Confirm a verdict" }

func (d *confirmDialog) layer() layer { return layerDialog }

func (d *confirmDialog) commands() []command {
	k := d.ses.keys
	yes := k.Yes
	if d.ses.graph.DryRun() {
		yes = described(yes, "show the requests")
	}
	return []command{
		live(yes, func() action { return sendPlan{d.plan} }),
		live(k.No, func() action { return popScreen{note: "Canceled: nothing was sent."} }),
	}
}

func (d *confirmDialog) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(d.commands(), msg)
}

// quitDialog asks before quitting while a dispatch is running. Only its
// QuitNow key cuts the request in flight off; a second q, ctrl+c or f lets
// it finish first; n or esc keeps sending.
type quitDialog struct{ ses *session }

var _ screen = (*quitDialog)(nil)

func newQuitDialog(ses *session) *quitDialog { return &quitDialog{ses: ses} }

func (d *quitDialog) title() string { return "Quit while sending" }

func (d *quitDialog) layer() layer { return layerDialog }

func (d *quitDialog) commands() []command {
	k := d.ses.keys
	return []command{
		live(k.FinishThenQuit, func() action { return finishQuit{} }),
		live(k.QuitNow, func() action { return quitNow{} }),
		live(described(k.No, "keep sending"), func() action { return popScreen{note: "Still sending."} }),
	}
}

func (d *quitDialog) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(d.commands(), msg)
}

func (d *confirmDialog) view(width, _ int) string {
	m := d.ses
	st := m.styles
	p := d.plan
	var b strings.Builder
	title := fmt.Sprintf("%s %s?", capitalize(p.verdict.Verb), plural(len(p.ids), "sign-in"))
	if m.graph.DryRun() {
		title = "DRY RUN: " + title
	}
	b.WriteString(st.DialogTitle.Render(title))
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "Send %s for %s of %s,\nin %s (at most %s per request).\n",
		st.Key.Render(p.verdict.Name), plural(len(p.ids), "sign-in"), plural(p.users, "user"),
		plural(p.requests, "request"), plural(p.batchSize, "ID"))
	if p.hidden > 0 {
		b.WriteString(st.Warn.Render(fmt.Sprintf("%d of them %s hidden by the filter.", p.hidden, isAre(p.hidden))))
		b.WriteString("\n")
	}
	if p.notLoaded > 0 {
		b.WriteString(st.Warn.Render(fmt.Sprintf("%d of them %s not among the loaded rows.",
			p.notLoaded, isAre(p.notLoaded))))
		b.WriteString("\n")
	}
	fmt.Fprintf(&b, "\nTheir risk state becomes %s.\n", p.verdict.State)
	if p.verdict.UserRisk != "" {
		b.WriteString(st.Warn.Render(fmt.Sprintf("The risk of %s %s:", plural(p.users, "user"), p.verdict.UserRisk)))
		b.WriteString("\n")
		b.WriteString(listSome(p.userNames, 5))
		b.WriteString("\n")
	}
	if p.verdict.FollowUp != "" {
		b.WriteString(st.Warn.Render(capitalize(p.verdict.FollowUp) + "."))
		b.WriteString("\n")
	}
	if m.graph.DryRun() {
		b.WriteString(st.Warn.Render("Dry run: nothing is sent; the requests are shown in the status pane."))
		b.WriteString("\n\n")
		fmt.Fprintf(&b, "%s show them · %s cancel", st.Key.Render(m.keys.Yes.Help().Key), st.Key.Render(m.keys.No.Help().Key))
		return st.Dialog.Width(min(width, 72)).Render(b.String())
	}
	b.WriteString(st.Err.Render("Graph offers no undo."))
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "%s send · %s cancel", st.Key.Render(m.keys.Yes.Help().Key), st.Key.Render(m.keys.No.Help().Key))
	return st.Dialog.Width(min(width, 72)).Render(b.String())
}

// listSome lists up to n names, one per line, and counts the rest.
func listSome(names []string, n int) string {
	var b strings.Builder
	for i, name := range names {
		if i == n {
			fmt.Fprintf(&b, "\n  … and %d more", len(names)-n)
			break
		}
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("  " + name)
	}
	return b.String()
}

func (d *quitDialog) view(width, _ int) string {
	m := d.ses
	st := m.styles
	dp := m.dispatch
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render("Quit while sending?"))
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "%s is running: %d of %d requests reported.\n", dp.verdict, dp.reported, dp.requests)
	k := m.keys
	fmt.Fprintf(&b, "%s  let the request in flight finish, send no other, then quit\n", fit(st.Key.Render(k.FinishThenQuit.Help().Key), 5))
	fmt.Fprintf(&b, "%s  quit now, cutting the request in flight off: Graph may or\n       may not apply it; its sign-ins end unknown, to check\n       before sending them again\n", fit(st.Key.Render(k.QuitNow.Help().Key), 5))
	fmt.Fprintf(&b, "%s  keep sending", fit(st.Key.Render(k.No.Help().Key), 5))
	return st.Dialog.Width(min(width, 72)).Render(b.String())
}

// overlay draws a dialog in the middle of the body, over the table, so the
// rows it is about stay in sight around it.
func overlay(body, dialog string, width, height int) string {
	x := max((width-lipgloss.Width(dialog))/2, 0)
	y := max((height-lipgloss.Height(dialog))/2, 0)
	return lipgloss.NewCompositor(
		lipgloss.NewLayer(body),
		lipgloss.NewLayer(dialog).X(x).Y(y).Z(1),
	).Render()
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
