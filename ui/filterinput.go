package ui

import (
	"slices"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/ui/filter"
)

// filterInput is a filter being typed, in the header's third line: it
// has the keys until enter keeps the filter or esc clears it. The
// table's filter (ses.find) and the user's log's (userlogview.go) are
// both typed here; apply narrows the list as the text changes.
//
// `/` starts a fresh filter (the input opens empty: what is typed is what
// applies), and the filters kept before, this session, are one ↑ away:
// ↑ and ↓ step through them, newest first, each applied as it shows;
// ↓ past the newest brings back what was being typed.
type filterInput struct {
	name  string
	input *textinput.Model
	apply func(text string)
	ses   *session
	// history is the filters kept (enter) before, oldest first, shared
	// by the inputs of one kind of list; at is the one shown while
	// stepping through them (len(*history): none, the draft).
	history *[]string
	at      int
	draft   string
	// fresh empties the input when it opens (opened by the key, not
	// built as a sample for the help).
	fresh bool
	// parses reports whether text is a filter that applies; only those
	// are kept in the history. Nil takes any text.
	parses func(text string) bool
}

// maxFilterHistory is how many filters a history keeps.
const maxFilterHistory = 50

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(60, func(ses *session) screen { return newFilterInput(ses) })
}

func newFilterInput(ses *session) *filterInput {
	return &filterInput{name: "Filter input", input: &ses.find.input, apply: ses.applyFilter, ses: ses, history: &ses.find.history, parses: filterParses}
}

// filterParses reports whether text is a filter in the live filter's
// syntax (a text that is not leaves the last one that was in force).
func filterParses(text string) bool {
	_, err := filter.Parse(text)
	return err == nil
}

// startFilter is the input as `/` opens it: fresh.
func startFilter(f *filterInput) pushScreen {
	f.fresh = true
	return pushScreen{f}
}

func (f *filterInput) title() string { return f.name }

func (f *filterInput) layer() layer { return layerHeader }

func (f *filterInput) own() []command {
	k := f.ses.keys
	return []command{
		live(k.FilterApply, func() action {
			f.remember(f.input.Value())
			return popScreen{}
		}),
		live(k.FilterClear, func() action {
			f.input.SetValue("")
			f.apply("")
			return popScreen{}
		}),
		live(k.FilterEarlier, func() action { return f.step(-1) }),
		live(k.FilterLater, func() action { return f.step(1) }),
	}
}

func (f *filterInput) commands() []command { return append(f.own(), editCommand()) }

func (f *filterInput) update(msg tea.KeyPressMsg) (action, bool) {
	if act, ok := runCommands(f.own(), msg); ok {
		return act, true
	}
	cmd, ok := typeInto(f.input, msg)
	if ok {
		f.apply(f.input.Value())
		f.at = f.historyLen() // typing leaves the history: this is the draft
	}
	return runCmd{cmd}, ok
}

func (f *filterInput) historyLen() int {
	if f.history == nil {
		return 0
	}
	return len(*f.history)
}

// step shows the filter kept before (-1) or after (+1) the one shown,
// and applies it; past the newest, the draft. At either end it stays.
func (f *filterInput) step(by int) action {
	n := f.historyLen()
	to := f.at + by
	if to < 0 || to > n {
		if n == 0 && by < 0 {
			f.ses.note = "No earlier filter this session: enter keeps a filter for ↑ to bring back."
		}
		return nil
	}
	if f.at == n {
		f.draft = f.input.Value()
	}
	f.at = to
	text := f.draft
	if to < n {
		text = (*f.history)[to]
	}
	f.input.SetValue(text)
	f.input.CursorEnd()
	f.apply(text)
	return nil
}

// remember keeps text as the newest filter of the history (once: an
// earlier copy moves to the end).
func (f *filterInput) remember(text string) {
	if f.history == nil || text == "" || (f.parses != nil && !f.parses(text)) {
		return
	}
	h := slices.DeleteFunc(*f.history, func(s string) bool { return s == text })
	h = append(h, text)
	if len(h) > maxFilterHistory {
		h = h[len(h)-maxFilterHistory:]
	}
	*f.history = h
}

func (f *filterInput) view(width, height int) string { return f.input.View() }

// focus opens a fresh input the first time (startFilter): empty, and the
// list unfiltered until something is typed or brought back with ↑.
func (f *filterInput) focus() tea.Cmd {
	if f.fresh {
		f.fresh = false
		if f.input.Value() != "" {
			f.input.SetValue("")
			f.apply("")
		}
	}
	f.at = f.historyLen()
	return f.input.Focus()
}

// takesText: typed characters go into the filter.
func (f *filterInput) takesText() bool { return true }

func (f *filterInput) closing() { f.input.Blur() }

func (f *filterInput) receive(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*f.input, cmd = f.input.Update(msg)
	return cmd
}
