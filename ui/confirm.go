package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// confirmDialog asks before a verdict is sent, naming exactly what will
// be, and what the guard leaves out and why: y (or enter) sends, n or esc
// cancels, I includes the left-out ones (asking once more for those whose
// verdict it would reverse), and no other key does anything.
type confirmDialog struct {
	ses  *session
	plan plan
	// note is the verdict's reason; noting says the keys type into it.
	note   textinput.Model
	noting bool
}

func newConfirmDialog(ses *session, p plan) *confirmDialog {
	in := textinput.New()
	in.Prompt = "Note: "
	in.Placeholder = "a ticket, or why (\"user confirmed travel\")"
	in.CharLimit = 200
	in.SetStyles(ses.styles.Input)
	in.SetWidth(50)
	return &confirmDialog{ses: ses, plan: p, note: in}
}

var _ screen = (*confirmDialog)(nil)

func (d *confirmDialog) title() string { return "Confirm a verdict" }

func (d *confirmDialog) layer() layer { return layerDialog }

func (d *confirmDialog) commands() []command {
	if d.noting {
		return append(d.noteCommands(), editCommand())
	}
	k, p := d.ses.keys, d.plan
	yes := k.Yes
	if d.ses.graph.DryRun() {
		yes = described(yes, "show the requests")
	}
	include := k.Include
	if p.include == 1 {
		include = described(k.Include, "also reverse earlier verdicts")
	}
	why := ""
	switch {
	case len(p.sent()) == 0:
		why = "nothing is left to send"
	case !d.fits():
		why = "the dialog does not fit this terminal, so what it would send cannot be read: enlarge the terminal, or select fewer"
	}
	return []command{
		offUnless(why == "", why, yes, func() action {
			p := d.plan
			p.note = strings.TrimSpace(d.note.Value())
			return sendPlan{p}
		}),
		live(k.No, func() action { return popScreen{note: "Canceled: nothing was sent."} }),
		offUnless(d.canInclude(), "the guard leaves nothing out", include, func() action {
			d.plan = d.ses.newPlan(p.verdict, p.include+1)
			return nil
		}),
		live(k.Note, func() action {
			d.noting = true
			return runCmd{d.note.Focus()}
		}),
	}
}

// takesText: while the note is typed, characters go into it.
func (d *confirmDialog) takesText() bool { return d.noting }

// noteCommands are the keys while the note is typed: enter keeps it, esc
// drops it; everything else is text, so "yes, travel" never sends.
func (d *confirmDialog) noteCommands() []command {
	k := d.ses.keys
	return []command{
		live(described(k.Apply, "keep the note"), func() action {
			d.noting = false
			d.note.Blur()
			return nil
		}),
		live(described(k.Cancel, "drop the note"), func() action {
			d.noting = false
			d.note.SetValue("")
			d.note.Blur()
			return nil
		}),
	}
}

// canInclude reports left-out sign-ins that the next include would send.
func (d *confirmDialog) canInclude() bool {
	p := d.plan
	switch p.include {
	case 0:
		return p.leftOut() > 0
	case 1:
		return len(p.left[graph.PartConflict]) > 0
	}
	return false
}

func (d *confirmDialog) update(msg tea.KeyPressMsg) (action, bool) {
	if !d.noting {
		return runCommands(d.commands(), msg)
	}
	if act, ok := runCommands(d.noteCommands(), msg); ok {
		return act, true
	}
	cmd, ok := typeInto(&d.note, msg)
	return runCmd{cmd}, ok
}

// fits reports whether the dialog shows whole in the terminal as it is:
// a verdict is sent only from a dialog that can be read.
func (d *confirmDialog) fits() bool {
	return !d.ses.tooSmall() && dialogFits(d.ses.styles.Dialog, d.text(), d.ses.width-4, d.ses.table.height+1)
}

func (d *confirmDialog) view(width, height int) string {
	return dialogBox(d.ses.styles.Dialog, d.text(), 72, width, height)
}

// text is what the dialog says: what would be sent, what the guard
// leaves out, and the keys.
func (d *confirmDialog) text() string {
	m := d.ses
	st := m.styles
	p := d.plan
	sent := len(p.sent())
	var b strings.Builder
	title := fmt.Sprintf("%s %s?", capitalize(p.verdict.Verb), plural(sent, "sign-in"))
	if m.graph.DryRun() {
		title = "DRY RUN: " + title
	}
	b.WriteString(st.DialogTitle.Render(title))
	b.WriteString("\n\n")
	users := plural(p.users, "user")
	if p.notLoaded > 0 {
		users += " loaded here"
	}
	send, becomes := "Send", "Their risk state becomes"
	if m.graph.DryRun() {
		send, becomes = "Would send (dry run: nothing is sent)", "Their risk state would become"
	}
	fmt.Fprintf(&b, "%s %s for %s of %s,\nin %s (at most %s per request).\n",
		send, st.Key.Render(p.verdict.Name), plural(sent, "sign-in"), users,
		plural(p.requests, "request"), plural(p.batchSize, "ID"))
	if n := len(p.separate); n > 0 {
		b.WriteString(fmt.Sprintf("%d of them %s never flagged: sent in batches of their own.\n", n, isAre(n)))
		if c := p.verdict.NeverFlaggedCaveat; c != "" {
			b.WriteString(st.Warn.Render(capitalize(c) + "."))
			b.WriteString("\n")
		}
	}
	if p.hidden > 0 {
		b.WriteString(st.Warn.Render(fmt.Sprintf("%d of the selected %s not in view (%s), and %s sent too.",
			p.hidden, isAre(p.hidden), m.narrowedBy(), map[bool]string{true: "it is", false: "they are"}[p.hidden == 1])))
		b.WriteString("\n")
	}
	if p.notLoaded > 0 {
		b.WriteString(st.Warn.Render(fmt.Sprintf("%d of the selected %s not among the loaded rows: sent by ID, their users unknown here.",
			p.notLoaded, isAre(p.notLoaded))))
		b.WriteString("\n")
	}
	b.WriteString(d.guardText())
	fmt.Fprintf(&b, "\n%s %s.\n", becomes, p.verdict.State)
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
	if d.noting || d.note.Value() != "" {
		b.WriteString("\n" + d.note.View() + "\n")
	}
	keys := fmt.Sprintf("%s send · %s cancel", st.Key.Render(m.keys.Yes.Help().Key), st.Key.Render(m.keys.No.Help().Key))
	if m.graph.DryRun() {
		b.WriteString(st.Warn.Render("Dry run: nothing is sent; " + m.keys.Journal.Help().Key + " shows each request and its body."))
		keys = fmt.Sprintf("%s show them · %s cancel", st.Key.Render(m.keys.Yes.Help().Key), st.Key.Render(m.keys.No.Help().Key))
	} else {
		b.WriteString(st.Err.Render("Graph offers no undo."))
	}
	if d.canInclude() {
		keys += fmt.Sprintf(" · %s include", st.Key.Render(m.keys.Include.Help().Key))
	}
	keys += fmt.Sprintf(" · %s note", st.Key.Render(m.keys.Note.Help().Key))
	if d.noting {
		keys = fmt.Sprintf("typing the note: %s keeps it, %s drops it", st.Key.Render(m.keys.Apply.Help().Key), st.Key.Render(m.keys.Cancel.Help().Key))
	}
	b.WriteString("\n\n" + keys)
	return b.String()
}

// guardText says what the guard leaves out and why, part by part, with
// the users of a conflict, and how old the listed states are.
func (d *confirmDialog) guardText() string {
	m, p, st := d.ses, d.plan, d.ses.styles
	var b strings.Builder
	if n := p.leftOut(); n > 0 {
		b.WriteString(st.Warn.Render(fmt.Sprintf("Left out: %s.", p.leftText())))
		b.WriteString("\n")
		if users := p.leftUsers[graph.PartConflict]; len(users) > 0 {
			b.WriteString(st.Err.Render(fmt.Sprintf("Left out: sending would reverse the verdict of %s:", plural(len(users), "user"))))
			b.WriteString("\n" + listSome(users, 3) + "\n")
		}
		switch p.include {
		case 0:
			b.WriteString(fmt.Sprintf("%s includes them", m.keys.Include.Help().Key))
			if len(p.left[graph.PartConflict]) > 0 {
				b.WriteString(" (those in conflict ask once more)")
			}
			b.WriteString(".\n")
		case 1:
			b.WriteString(fmt.Sprintf("%s again also sends those in conflict, reversing their verdicts.\n", m.keys.Include.Help().Key))
		}
	}
	for part, ids := range p.overridden {
		if len(ids) == 0 {
			continue
		}
		if graph.Part(part) == graph.PartConflict {
			b.WriteString(st.Err.Render(fmt.Sprintf("This REVERSES an earlier verdict on %s of %s:",
				plural(len(ids), "sign-in"), plural(len(p.overriddenUsers[part]), "user"))))
			b.WriteString("\n" + listSome(p.overriddenUsers[part], 3) + "\n")
			continue
		}
		b.WriteString(st.Warn.Render(fmt.Sprintf("Included on request: %d %s.", len(ids), graph.Part(part))))
		b.WriteString("\n")
	}
	if !m.listing.started.IsZero() {
		age := m.log.now().Sub(m.listing.started).Round(time.Minute)
		b.WriteString(st.Muted.Render(fmt.Sprintf("States as listed at %s UTC, %s ago (%s reloads).",
			m.listing.started.UTC().Format("15:04"), durationText(age), m.keys.Reload.Help().Key)))
		b.WriteString("\n")
	}
	return b.String()
}
