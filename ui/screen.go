package ui

import (
	"fmt"
	"slices"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/viewport"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/keymap"
)

// screen is one thing on the UI's stack: a screen that fills the body
// (rows, groups, details, journal, help), a dialog drawn over the screen
// below it (confirm, quit, export, query editor), or the filter input in
// the header. Only the top of the stack gets keys, and the footer shows
// the top's live commands: a screen handles exactly the keys its footer
// shows.
type screen interface {
	// title names the screen in the help's reference.
	title() string
	// commands lists every key of the screen, live or off, most used
	// first. The footer shows the live ones; the help shows them all.
	commands() []command
	// update handles a key: ok is false when no live command of the screen
	// (nor its text input, if it has one) takes it. The action says what
	// the root is to do.
	update(msg tea.KeyPressMsg) (act action, ok bool)
	// view draws the screen width × height cells (a dialog: at most).
	view(width, height int) string
	// layer says where the screen is drawn.
	layer() layer
}

// What a screen may do beyond screen, each a small interface of its own.
// The root asks for them by these names (model.go, work.go, keys.go) and
// in no other way: a screen has one when its file defines the method.
type (
	// textTaker types the characters pressed into a text field while
	// takesText says so: keys typed then are never held for a rebuild,
	// and CheckKeys refuses a character bound on such a screen.
	textTaker interface{ takesText() bool }
	// receiver takes, while on top, the messages the root does not handle
	// itself: a text field's cursor blink and pastes, and the replies to
	// work the screen started (the details' settle).
	receiver interface{ receive(tea.Msg) tea.Cmd }
	// refresher brings its own view of the session up to date after each
	// message; false closes it (the sign-in it shows was reloaded away).
	refresher interface{ refresh() bool }
	// focuser starts what it does while on top (a text field's cursor,
	// the details' reads) each time it comes on top: pushed, or uncovered
	// when the screen over it closes.
	focuser interface{ focus() tea.Cmd }
	// closer lets go of what it holds as it closes.
	closer interface{ closing() }
	// layoutWatcher, on top, learns after each message that the layout may
	// have changed (a verdict's dialog learns whether it is still whole).
	layoutWatcher interface{ laidOut() }
)

// replyMsg is the reply to work a screen started, addressed to it: the
// root hands it to that screen's receive while the screen is on the
// stack, on top or not, and drops it once the screen has closed.
type replyMsg struct {
	to  screen
	msg tea.Msg
}

// replyTo runs cmd for s: its message comes back to s alone.
func replyTo(s screen, cmd tea.Cmd) tea.Cmd {
	if cmd == nil {
		return nil
	}
	return func() tea.Msg { return replyMsg{to: s, msg: cmd()} }
}

// layer is where a screen is drawn.
type layer int

const (
	layerBody   layer = iota // fills the space between the header and the status pane
	layerDialog              // a box over the body
	layerHeader              // the header's input line (the filter)
)

// command is one key of a screen: its binding, why it does nothing now
// ("" when it is live), and what it does.
type command struct {
	binding key.Binding
	off     string
	run     func() action
	about   string // the help's description when the footer's is short; "" is the binding's
}

// live is a command that works now.
func live(b key.Binding, run func() action) command { return command{binding: b, run: run} }

// offUnless is a command that works only when ok; otherwise why says why.
func offUnless(ok bool, why string, b key.Binding, run func() action) command {
	if ok {
		why = ""
	}
	return command{binding: b, off: why, run: run}
}

// described is b with another description, for a screen where the key
// means something of its own ("esc: back to the groups").
func described(b key.Binding, desc string) key.Binding {
	b.SetHelp(b.Help().Key, desc)
	return b
}

// runCommands runs the first live command whose binding msg matches.
func runCommands(cmds []command, msg tea.KeyPressMsg) (action, bool) {
	for _, c := range cmds {
		if c.off == "" && key.Matches(msg, c.binding) {
			if c.run == nil {
				return nil, true
			}
			return c.run(), true
		}
	}
	return nil, false
}

// liveBindings are the bindings of a screen's live commands, in order.
func liveBindings(s screen) []key.Binding {
	var out []key.Binding
	for _, c := range s.commands() {
		if c.off == "" {
			out = append(out, c.binding)
		}
	}
	return out
}

// keyList names bindings in running text: "y yes, send; n/esc no".
func keyList(bs []key.Binding) string {
	parts := make([]string, len(bs))
	for i, b := range bs {
		parts[i] = b.Help().Key + " " + b.Help().Desc
	}
	return strings.Join(parts, "; ")
}

// offReason is why the key msg does nothing on s, if a command of s has
// that key and is off.
func offReason(s screen, msg tea.KeyPressMsg) (string, key.Binding, bool) {
	for _, c := range s.commands() {
		if c.off != "" && slices.Contains(c.binding.Keys(), msg.String()) {
			return c.off, c.binding, true
		}
	}
	return "", key.Binding{}, false
}

// footer lays bindings out in at most maxLines lines of width cells, in
// order. When they do not all fit and the screen has the help key, as many
// as fit are followed by it (its screen lists every key); a screen without
// it (a text input takes ? as text) ends in an ellipsis instead.
func footer(st help.Styles, bindings []key.Binding, helpKey key.Binding, width, maxLines int) string {
	sep := st.ShortSeparator.Render(" • ")
	sepWidth := ansi.StringWidth(sep)
	// Each binding drawn once: packing tries many subsets.
	type item struct {
		text  string
		width int
	}
	items := make([]item, len(bindings))
	for i, b := range bindings {
		text := st.ShortKey.Render(b.Help().Key) + " " + st.ShortDesc.Render(b.Help().Desc)
		items[i] = item{text, ansi.StringWidth(text)}
	}
	pack := func(is []item) []string {
		var lines []string
		line, lineWidth := "", 0
		for _, it := range is {
			switch {
			case line == "":
				line, lineWidth = it.text, it.width
			case lineWidth+sepWidth+it.width > width:
				lines, line, lineWidth = append(lines, line), it.text, it.width
			default:
				line, lineWidth = line+sep+it.text, lineWidth+sepWidth+it.width
			}
		}
		if line != "" {
			lines = append(lines, line)
		}
		return lines
	}
	lines := pack(items)
	isHelp := func(b key.Binding) bool { return slices.Equal(b.Keys(), helpKey.Keys()) }
	if i := slices.IndexFunc(bindings, isHelp); i >= 0 && len(lines) > maxLines {
		help, rest := items[i], slices.Delete(slices.Clone(items), i, i+1)
		for n := len(rest); len(lines) > maxLines && n >= 0; n-- {
			lines = pack(append(slices.Clone(rest[:n]), help))
		}
	}
	if len(lines) > maxLines {
		lines = lines[:maxLines]
		lines[maxLines-1] += st.Ellipsis.Render(" …")
	}
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, width, "…")
	}
	return strings.Join(lines, "\n")
}

// pager is the scrolling text of a screen that reads rather than lists:
// the details, the request log, the help. It fills the body; when the
// text is taller, its last line says which lines are on screen and how
// to see the rest.
type pager struct {
	vp    viewport.Model
	more  bool           // the text is taller than the body
	style lipgloss.Style // of the position line
	keys  string         // the scroll keys, as the position line names them
}

func newPager() pager { return pager{vp: viewport.New()} }

// show sets the text, at the size of the body.
func (p *pager) show(ses *session, text string) {
	body := ses.table.height + 1
	p.vp.SetWidth(ses.width)
	p.vp.SetContent(text)
	p.more = p.vp.TotalLineCount() > body
	p.vp.SetHeight(body)
	if p.more {
		p.vp.SetHeight(body - 1)
	}
	p.style = ses.styles.Muted
	k := ses.keys
	p.keys = k.PageDown.Help().Key + "/" + k.PageUp.Help().Key + ", " + k.Top.Help().Key + "/" + k.Bottom.Help().Key
}

func (p *pager) view(width, height int) string {
	if !p.more {
		return p.vp.View()
	}
	top, total := p.vp.YOffset(), p.vp.TotalLineCount()
	where := fmt.Sprintf("── lines %d–%d of %d", top+1, min(top+p.vp.Height(), total), total)
	switch {
	case p.vp.AtBottom():
		where += ", the end"
	default:
		where += ", more below"
	}
	return p.vp.View() + "\n" + p.style.Render(fit(where+" ("+p.keys+") ──", width))
}

func (p *pager) layer() layer { return layerBody }

// followLine scrolls vp the least that shows line (a list's cursor).
func followLine(vp *viewport.Model, line int) {
	top, h := vp.YOffset(), vp.Height()
	switch {
	case h <= 0:
	case line < top:
		vp.SetYOffset(line)
	case line >= top+h:
		vp.SetYOffset(line - h + 1)
	}
}

// scrollCommands scroll the text with the keys that move the cursor
// elsewhere.
func (p *pager) scrollCommands(k keymap.KeyMap) []command {
	vp := &p.vp
	return []command{
		live(described(k.Up, "scroll up"), func() action { vp.ScrollUp(1); return nil }),
		live(described(k.Down, "scroll down"), func() action { vp.ScrollDown(1); return nil }),
		live(k.PageUp, func() action { vp.PageUp(); return nil }),
		live(k.PageDown, func() action { vp.PageDown(); return nil }),
		live(k.Top, func() action { vp.GotoTop(); return nil }),
		live(k.Bottom, func() action { vp.GotoBottom(); return nil }),
	}
}

// The actions a screen asks the root to carry out. A screen changes the
// session's selection, cursor and filter itself; what changes the stack,
// starts work or ends the program is an action.
type action interface{ isAction() }

type (
	pushScreen struct{ s screen } // open s on top
	// popScreen closes the top, saying note, then carries out then (the
	// dialog's answer: send, quit, export, reload with a new query).
	popScreen struct {
		note string
		then action
	}
	askVerdict struct{ v graph.Verdict }
	// askUserAction asks to send the user action v for users.
	askUserAction struct {
		v     graph.Verdict
		users []followUp
	}
	sendPlan   struct{ p plan }                   // send it (the confirm dialog's yes)
	askQuit    struct{}                           // quit, asking first while sending
	quitNow    struct{}                           // quit at once, cutting a request off
	finishQuit struct{}                           // let the request in flight finish, then quit
	reloadList struct{}                           // reload, or resume a listing that stopped
	signInNew  struct{}                           // drop the refused sign-in
	exportRows struct{ selected, followUps bool } // the rows in view, the selection, or the users to follow up
	applyQuery struct{ q graph.Query }            // the new query: reload with it
	runCmd     struct{ cmd tea.Cmd }              // a command, such as a clipboard write
)

func (pushScreen) isAction()    {}
func (popScreen) isAction()     {}
func (askVerdict) isAction()    {}
func (askUserAction) isAction() {}
func (sendPlan) isAction()      {}
func (askQuit) isAction()       {}
func (quitNow) isAction()       {}
func (finishQuit) isAction()    {}
func (reloadList) isAction()    {}
func (signInNew) isAction()     {}
func (exportRows) isAction()    {}
func (applyQuery) isAction()    {}
func (runCmd) isAction()        {}

// push opens s on top: the one place a screen is opened. It runs s's
// focus hook.
func (m *Model) push(s screen) tea.Cmd {
	m.stack = append(m.stack, s)
	return m.focusTop()
}

// pop closes the top screen, running its closing hook, and then the focus
// hook of the screen it uncovers (the details' reads may not have
// started). The rows at the bottom never close.
func (m *Model) pop() tea.Cmd {
	if len(m.stack) == 1 {
		return nil
	}
	if c, ok := m.top().(closer); ok {
		c.closing()
	}
	m.stack = m.stack[:len(m.stack)-1]
	return m.focusTop()
}

// focusTop runs the top's focus hook, if it has one.
func (m *Model) focusTop() tea.Cmd {
	if f, ok := m.top().(focuser); ok {
		return f.focus()
	}
	return nil
}
