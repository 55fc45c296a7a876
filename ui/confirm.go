package ui

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// DefaultReadDelay is how long a verdict's dialog must have been on screen,
// whole and unchanged, with no key pressed, before its y sends: a word
// typed without / (S opens, y follows 0.1 s later) never reaches a send.
const DefaultReadDelay = 500 * time.Millisecond

// confirmDialog asks before a verdict is sent, naming exactly what will
// be, how those sign-ins ended, and what the guard leaves out and why. y
// is the only key that sends, and only once the dialog has been read (the
// read delay); n or esc cancels, I includes the left-out ones (asking once
// more for those whose verdict it would reverse), l lists every name the
// summary counts, and no other key does anything.
type confirmDialog struct {
	ses  *session
	plan plan
	// note is the verdict's reason; noting says the keys type into it.
	note   textinput.Model
	noting bool
	// since is when the dialog was last opened, changed or sent a key,
	// at the terminal size size: y counts once readDelay has passed.
	since time.Time
	size  [2]int
	// early says a key came before the read delay was over, and was
	// dropped.
	early bool
	// pasteCut says the last paste into the note was cut at its limit;
	// pasteRefused that a paste came while the note was not being typed,
	// and was not taken. Both show until the next key.
	pasteCut, pasteRefused bool
	// typed is text typed into the dialog that is none of its keys (the
	// rest of a word typed without /, at any speed): while there is any,
	// y does not send, until ⌫ clears it.
	typed string
	// listing shows every name in a list that scrolls, instead of the
	// summary.
	listing bool
	list    viewport.Model
}

func newConfirmDialog(ses *session, p plan) *confirmDialog {
	in := textinput.New()
	in.Prompt = "Note: "
	in.Placeholder = "a ticket, or why (\"user confirmed travel\")"
	in.CharLimit = 200
	in.SetStyles(ses.styles.Input)
	in.SetWidth(50)
	d := &confirmDialog{ses: ses, plan: p, note: in, list: viewport.New()}
	d.restart()
	return d
}

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(80, func(ses *session) screen { return newConfirmDialog(ses, plan{}) })
}

func (d *confirmDialog) title() string { return "Confirm a verdict" }

func (d *confirmDialog) layer() layer { return layerDialog }

// restart starts the read delay again.
func (d *confirmDialog) restart() {
	d.since, d.size = d.ses.clock(), [2]int{d.ses.width, d.ses.height}
}

// laidOut runs after every message, once the layout is known: a dialog
// that is cut, or drawn at another size, starts its read delay again, so
// y counts only once it has been whole, at this size, for the delay.
func (d *confirmDialog) laidOut() {
	if d.size != [2]int{d.ses.width, d.ses.height} || !d.fits() {
		d.restart()
	}
}

// read reports whether the dialog has been on screen, whole and
// unchanged, for the read delay.
func (d *confirmDialog) read() bool {
	return d.fits() && d.size == [2]int{d.ses.width, d.ses.height} &&
		d.ses.clock().Sub(d.since) >= d.ses.readDelay
}

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
	list := k.List
	if d.listing {
		list = described(k.List, "back to the summary")
	}
	why := ""
	switch {
	case d.typed != "":
		why = fmt.Sprintf("typing reached this dialog (%s), so y does not send: %s clears it, %s cancels",
			sanitize.QuoteJSON(d.typed), clearTyping().Help().Key, k.No.Help().Key)
	case len(p.sent()) == 0:
		why = "nothing is left to send"
	case !d.fits():
		why = "the dialog does not fit this terminal, so what it would send cannot be read: enlarge the terminal, or select fewer"
	case d.listing:
		why = "the list is open: " + k.List.Help().Key + " goes back to the summary, which is what y answers"
	}
	cmds := []command{
		offUnless(why == "", why, yes, func() action {
			p := d.plan
			p.note = strings.TrimSpace(d.note.Value())
			return popScreen{then: sendPlan{p}}
		}),
		live(k.No, func() action { return popScreen{note: "Canceled: nothing was sent."} }),
		offUnless(d.canInclude() && !d.listing, "the guard leaves nothing out", include, func() action {
			d.plan = d.ses.again(p, p.include+1)
			return nil
		}),
		offUnless(!d.listing, "the list is open", k.Note, func() action {
			d.noting = true
			return runCmd{d.note.Focus()}
		}),
		live(list, func() action {
			d.listing = !d.listing
			d.list.GotoTop()
			return nil
		}),
	}
	if d.typed != "" {
		cmds = append(cmds, live(clearTyping(), func() action { d.typed = ""; return nil }))
	}
	if d.listing {
		vp := &d.list
		cmds = append(cmds,
			live(described(k.Down, "scroll down"), func() action { vp.ScrollDown(1); return nil }),
			live(described(k.Up, "scroll up"), func() action { vp.ScrollUp(1); return nil }),
			live(k.PageDown, func() action { vp.PageDown(); return nil }),
			live(k.PageUp, func() action { vp.PageUp(); return nil }))
	}
	return cmds
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

// update handles a key. Before the read delay is over every key is
// dropped, saying so, and starts the delay again, cancel included: text
// typed in a burst (a note whose N came too soon, a word typed without /)
// stays in the dialog rather than closing it and running on the rows
// below. After the delay, a key other than y does what it does and starts
// the delay again too: only a y pressed after a pause, on a dialog that
// showed whole, sends.
func (d *confirmDialog) update(msg tea.KeyPressMsg) (action, bool) {
	d.pasteCut, d.pasteRefused = false, false
	if d.noting {
		defer d.restart()
		if act, ok := runCommands(d.noteCommands(), msg); ok {
			return act, true
		}
		cmd, ok := typeInto(&d.note, msg)
		return runCmd{cmd}, ok
	}
	if d.took(msg) {
		d.restart()
		return nil, true
	}
	if !d.read() {
		d.early = true
		d.restart()
		for _, c := range d.commands() {
			if c.off == "" && key.Matches(msg, c.binding) {
				return nil, true // a key of the dialog's, dropped
			}
		}
		return nil, false
	}
	d.early = false
	act, ok := runCommands(d.commands(), msg)
	if _, sends := act.(sendPlan); !sends {
		d.restart()
	}
	return act, ok
}

// maxTyped is how much stray typing the dialog shows.
const maxTyped = 24

// clearTyping takes back what was typed into the dialog. It is a fixed
// key, as the note's editing keys are: it must be one nobody types as
// part of a word.
func clearTyping() key.Binding {
	return key.NewBinding(key.WithKeys("backspace"), key.WithHelp("⌫", "clear the typing"))
}

// took keeps a key that types text and is none of the dialog's own (early
// or not): "Say" typed slowly, S opening the dialog, must not leave the y
// sending, however long the pauses between the letters.
func (d *confirmDialog) took(msg tea.KeyPressMsg) bool {
	if msg.Text == "" || msg.Mod&^(tea.ModShift|tea.ModCapsLock|tea.ModNumLock|tea.ModScrollLock) != 0 {
		return false
	}
	for _, c := range d.commands() {
		if key.Matches(msg, c.binding) {
			return false
		}
	}
	if r := []rune(d.typed); len(r) < maxTyped {
		d.typed += msg.Text
	}
	return true
}

// receive takes a paste (a bracketed paste arrives as one message, never as
// keys): into the note while it is typed, kept as pasted but for line
// breaks and tabs, which become spaces, and cut at the note's limit,
// saying so; otherwise it is not taken, and the keys line says so. Either
// way the read delay starts again, as after a key.
func (d *confirmDialog) receive(msg tea.Msg) tea.Cmd {
	paste, ok := msg.(tea.PasteMsg)
	if !ok {
		return nil
	}
	d.restart()
	d.pasteCut, d.pasteRefused = false, false
	if !d.noting {
		d.pasteRefused = true
		return nil
	}
	before := len([]rune(d.note.Value()))
	var cmd tea.Cmd
	d.note, cmd = d.note.Update(paste)
	d.pasteCut = len([]rune(d.note.Value())) == d.note.CharLimit && before+len([]rune(paste.Content)) > d.note.CharLimit
	return cmd
}

// fits reports whether the dialog shows whole in the terminal as it is:
// a verdict is sent only from a dialog that can be read.
func (d *confirmDialog) fits() bool {
	if d.ses.tooSmall() {
		return false
	}
	w, h := d.box()
	return dialogFits(d.style(), d.text(w), w, h)
}

// box is the most room the dialog has: the body, less a margin.
func (d *confirmDialog) box() (width, height int) {
	return min(d.ses.width-2, 88), d.ses.table.height + 1
}

func (d *confirmDialog) view(width, height int) string {
	w, _ := d.box()
	w = min(w, width)
	if d.listing {
		return d.listView(w, height)
	}
	return dialogBox(d.style(), d.text(w), w, width, height)
}

// style is the dialog's frame: in a short terminal, without the blank
// lines above and below the text.
func (d *confirmDialog) style() lipgloss.Style {
	st := d.ses.styles.Dialog
	if d.ses.height < 30 {
		st = st.PaddingTop(0).PaddingBottom(0)
	}
	if d.ses.width < 100 {
		st = st.PaddingLeft(1).PaddingRight(1)
	}
	return st
}
