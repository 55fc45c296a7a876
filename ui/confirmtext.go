package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// text is what the confirm dialog says, for a box width cells wide:
// what would be sent and how those sign-ins ended, what the guard leaves
// out, what the verdict does, and the keys. Lists that grow (users, those
// left out) are summarised on a line each; l lists them whole. It fits
// 80×24 for any selection.
func (d *confirmDialog) text(width int) string {
	if d.plan.verdict.Subject == graph.SubjectUsers {
		return d.userText(width)
	}
	m := d.ses
	st := m.styles
	p := d.plan
	inner := max(width-d.style().GetHorizontalFrameSize(), 20)
	sent := len(p.sent())
	listKey := m.keys.List.Help().Key
	var b strings.Builder
	line := func(style lipgloss.Style, text string) {
		b.WriteString(style.Render(text))
		b.WriteString("\n")
	}
	plain := lipgloss.NewStyle()

	title := fmt.Sprintf("%s %s?", capitalize(p.verdict.Verb), plural(sent, "sign-in"))
	if m.graph.DryRun() {
		title = "DRY RUN: " + title
	}
	line(st.DialogTitle, title)
	users := plural(p.users, "user")
	if p.notLoaded > 0 {
		users += " loaded here"
	}
	send := "Sends"
	if m.graph.DryRun() {
		send = "Would send (dry run: nothing is sent)"
	}
	batches := ""
	if p.requests > 1 {
		batches = fmt.Sprintf(" (at most %d IDs each)", p.batchSize)
	}
	line(plain, fmt.Sprintf("%s %s for %s of %s in %s%s.",
		send, st.Key.Render(p.verdict.Name), plural(sent, "sign-in"), users, plural(p.requests, "request"), batches))
	if sent > 0 {
		line(plain, "Ended: "+p.Evidence.Text()+".")
	}
	if p.Duplicates > 0 {
		line(st.Warn, fmt.Sprintf("%s listed twice (the same ID in another letter case): sent once, guarded by the stricter part.",
			plural(p.Duplicates, "sign-in")))
	}
	for _, w := range p.Evidence.Warnings(p.verdict) {
		line(st.Err, "⚠ "+w)
	}
	if n := len(p.separate); n > 0 {
		text := fmt.Sprintf("%d of them %s never flagged: sent in batches of their own.", n, isAre(n))
		if c := p.verdict.NeverFlaggedCaveat; c != "" {
			text += " " + capitalize(c) + "."
		}
		line(st.Warn, text)
	}
	if p.outOfView > 0 {
		line(st.Warn, fmt.Sprintf("%d of the selected %s not in view (%s), and sent too.", p.outOfView, isAre(p.outOfView), m.narrowedBy()))
	}
	if p.fromLog > 0 {
		line(st.Warn, fmt.Sprintf("%d of the selected %s from a user's log (U), not the listing, and sent too.", p.fromLog, isAre(p.fromLog)))
	}
	if p.notLoaded > 0 {
		line(st.Warn, fmt.Sprintf("%d of the selected %s not loaded: sent by ID, their users unknown here.", p.notLoaded, isAre(p.notLoaded)))
	}
	b.WriteString(d.guardText(inner))
	if p.verdict.UserRisk != "" && p.users > 0 {
		line(st.Warn, fmt.Sprintf("The risk of %s %s: %s", plural(p.users, "user"), p.verdict.UserRisk,
			nameSummary(p.userNames, inner*2-len(p.verdict.UserRisk)-30, listKey)))
	}
	if p.verdict.ToDo != "" {
		line(st.Warn, "This resets no password and revokes no session: do both for each user.")
	}
	becomes := "Their risk state becomes"
	if m.graph.DryRun() {
		becomes = "Their risk state would become"
	}
	end := st.Err.Render("Graph offers no undo.")
	if m.graph.DryRun() {
		end = st.Warn.Render("Dry run: " + m.keys.RequestLog.Help().Key + " shows each request and its body.")
	}
	b.WriteString(fmt.Sprintf("%s %s. %s\n", becomes, p.verdict.State, end))
	if !m.listing.started.IsZero() {
		age := m.log.now().Sub(m.listing.started).Round(time.Minute)
		line(st.Muted, fmt.Sprintf("States as listed at %s UTC, %s ago (%s reloads).",
			m.listing.started.UTC().Format("15:04"), durationText(age), m.keys.Reload.Help().Key))
	}
	if d.noting || d.note.Value() != "" {
		b.WriteString(d.noteView() + "\n")
	}
	b.WriteString("\n" + d.keysLine())
	return b.String()
}

// noteView is the note as typed, inert: a bidi control, a zero-width or
// any other character that would hide or reorder the text shows as its
// code point (sanitize.Visible), while the note itself keeps it, as
// typed, for the journal. The note wraps in the dialog rather than
// scrolling, so that all of it is read before y.
func (d *confirmDialog) noteView() string {
	st := d.ses.styles.Input
	value := []rune(d.note.Value())
	if len(value) == 0 {
		return d.note.View() // the placeholder, with its cursor
	}
	state := st.Blurred
	if d.noting {
		state = st.Focused
	}
	text := func(rs []rune) string { return state.Text.Render(sanitize.Visible(string(rs))) }
	out := state.Prompt.Render(d.note.Prompt)
	if !d.noting {
		return out + text(value)
	}
	pos := min(d.note.Position(), len(value))
	under := " "
	if pos < len(value) {
		under = sanitize.Visible(string(value[pos]))
	}
	out += text(value[:pos]) + lipgloss.NewStyle().Reverse(true).Render(under)
	if pos < len(value) {
		out += text(value[pos+1:])
	}
	if d.pasteCut {
		out += " " + d.ses.styles.Warn.Render(fmt.Sprintf("(the paste was cut at %d characters)", d.note.CharLimit))
	}
	return out
}

// keysLine names the dialog's keys.
func (d *confirmDialog) keysLine() string {
	m := d.ses
	st, k := m.styles, m.keys
	if d.noting {
		return fmt.Sprintf("typing the note: %s keeps it, %s drops it", st.Key.Render(k.Apply.Help().Key), st.Key.Render(k.Cancel.Help().Key))
	}
	if d.typed != "" {
		// In place of the keys, so that the dialog keeps its size.
		return st.Err.Render(fmt.Sprintf("Typed here, not an answer: %s. %s does not send until %s clears it",
			sanitize.QuoteJSON(d.typed), k.Yes.Help().Key, clearTyping().Help().Key)) + fmt.Sprintf(" · %s cancel", st.Key.Render(k.No.Help().Key))
	}
	if d.pasteRefused {
		return st.Warn.Render(fmt.Sprintf("Paste not taken: press %s to type a note, then paste", k.Note.Help().Key)) +
			fmt.Sprintf(" · %s cancel", st.Key.Render(k.No.Help().Key))
	}
	if d.early {
		// In place of the keys, so that the dialog keeps its size.
		return st.Err.Render(fmt.Sprintf("Too soon: key dropped. %s counts %s after the last key",
			k.Yes.Help().Key, durationWords(m.readDelay))) + fmt.Sprintf(" · %s cancel", st.Key.Render(k.No.Help().Key))
	}
	yes := "send"
	if m.graph.DryRun() {
		yes = "show them"
	}
	keys := fmt.Sprintf("%s %s · %s cancel", st.Key.Render(k.Yes.Help().Key), yes, st.Key.Render(k.No.Help().Key))
	if d.canInclude() {
		keys += fmt.Sprintf(" · %s include", st.Key.Render(k.Include.Help().Key))
	}
	keys += fmt.Sprintf(" · %s note · %s list", st.Key.Render(k.Note.Help().Key), st.Key.Render(k.List.Help().Key))
	return keys
}

// guardText says what the guard leaves out and why, part by part, with
// the users of a conflict and the requests in doubt summarised, and what
// the analyst included.
func (d *confirmDialog) guardText(inner int) string {
	m, p, st := d.ses, d.plan, d.ses.styles
	listKey := m.keys.List.Help().Key
	var b strings.Builder
	if n := p.leftOut(); n > 0 {
		text := fmt.Sprintf("Left out: %s.", p.leftText())
		switch {
		case p.include == 0 && len(p.left[graph.PartConflict]) > 0:
			text += fmt.Sprintf(" %s includes them (those in conflict ask once more).", m.keys.Include.Help().Key)
		case p.include == 0:
			text += fmt.Sprintf(" %s includes them.", m.keys.Include.Help().Key)
		case p.include == 1:
			text += fmt.Sprintf(" %s again also sends those in conflict, reversing their verdicts.", m.keys.Include.Help().Key)
		}
		b.WriteString(st.Warn.Render(text) + "\n")
		if users := p.leftUsers[graph.PartConflict]; len(users) > 0 {
			lead := fmt.Sprintf("Kept out (it would reverse a verdict) for %s: ", plural(len(users), "user"))
			if p.verdict.Subject == graph.SubjectUsers {
				lead = fmt.Sprintf("Kept out (it would reverse a compromise or a dismissal) for %s: ", plural(len(users), "user"))
			}
			b.WriteString(st.Err.Render(lead+nameSummary(users, inner-len(lead), listKey)) + "\n")
		}
	}
	if len(p.Doubts) > 0 {
		lead := fmt.Sprintf("In doubt from an earlier request (%s): ", plural(len(p.Doubts), "request"))
		b.WriteString(st.Warn.Render(lead+nameSummary(p.Doubts, inner*2-len(lead), listKey)) + "\n")
	}
	for part, ids := range p.overridden {
		if len(ids) == 0 {
			continue
		}
		if graph.Part(part) == graph.PartConflict {
			lead := fmt.Sprintf("This REVERSES an earlier verdict on %s of %s: ",
				plural(len(ids), "sign-in"), plural(len(p.overriddenUsers[part]), "user"))
			if p.verdict.Subject == graph.SubjectUsers {
				lead = fmt.Sprintf("This REVERSES an earlier decision on %s: ", plural(len(ids), "user"))
			}
			b.WriteString(st.Err.Render(lead+nameSummary(p.overriddenUsers[part], inner*2-len(lead), listKey)) + "\n")
			continue
		}
		b.WriteString(st.Warn.Render(fmt.Sprintf("Included on request: %d %s.", len(ids), graph.Part(part))) + "\n")
	}
	return b.String()
}

// nameSummary lists names in about width cells: as many as fit, then
// "+N more (l lists them)".
func nameSummary(names []string, width int, listKey string) string {
	width = max(width, 30)
	var b strings.Builder
	for i, n := range names {
		more := ""
		if rest := len(names) - i - 1; rest > 0 {
			more = fmt.Sprintf(", +%d more (%s lists them)", rest, listKey)
		}
		sep := ""
		if i > 0 {
			sep = ", "
		}
		if i > 0 && ansi.StringWidth(b.String()+sep+n+more) > width {
			fmt.Fprintf(&b, " +%d more (%s lists them)", len(names)-i, listKey)
			return b.String()
		}
		b.WriteString(sep + n)
	}
	return b.String()
}

// listView is every name the summary counts, under its heading, in a list
// that scrolls inside the dialog.
func (d *confirmDialog) listView(width, height int) string {
	m, p, st := d.ses, d.plan, d.ses.styles
	var b strings.Builder
	section := func(heading string, names []string) {
		if len(names) == 0 {
			return
		}
		b.WriteString(st.DialogTitle.Render(fmt.Sprintf("%s (%d)", heading, len(names))) + "\n")
		for _, n := range names {
			b.WriteString("  " + n + "\n")
		}
	}
	section("Users of the sign-ins y would send", p.userNames)
	section("Users whose earlier verdict this would reverse", p.leftUsers[graph.PartConflict])
	section("Users reversed on request", p.overriddenUsers[graph.PartConflict])
	section("Users of the sign-ins left out as already decided", p.leftUsers[graph.PartDecided])
	section("Users of the sign-ins left out as unknown", p.leftUsers[graph.PartUnknown])
	section("Requests in doubt", p.Doubts)
	style := d.style()
	inner := width - style.GetHorizontalFrameSize()
	room := max(height-style.GetVerticalFrameSize()-2, 1)
	d.list.SetWidth(inner)
	d.list.SetHeight(room)
	d.list.SetContent(strings.TrimRight(b.String(), "\n"))
	k := m.keys
	where := fmt.Sprintf("lines %d–%d of %d", d.list.YOffset()+1, min(d.list.YOffset()+room, d.list.TotalLineCount()), d.list.TotalLineCount())
	keys := fmt.Sprintf("%s/%s, %s/%s scroll · %s back to the summary · %s cancel", k.Down.Help().Key, k.Up.Help().Key,
		k.PageDown.Help().Key, k.PageUp.Help().Key, st.Key.Render(k.List.Help().Key), st.Key.Render(k.No.Help().Key))
	return style.Width(width).Render(d.list.View() + "\n" + st.Muted.Render(where) + "\n" + keys)
}

// durationWords says a short duration as a person would: "0.5 s".
func durationWords(d time.Duration) string {
	return strings.TrimSuffix(strings.TrimSuffix(fmt.Sprintf("%.1f", d.Seconds()), "0"), ".") + " s"
}
