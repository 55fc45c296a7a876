package ui

import (
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// filterInput is a filter being typed, in the header's third line: it
// has the keys until enter keeps the filter or esc clears it. The
// table's filter (ses.find) and the user's log's (userlogview.go) are
// both typed here; apply narrows the list as the text changes.
type filterInput struct {
	name  string
	input *textinput.Model
	apply func(text string)
	ses   *session
}

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(60, func(ses *session) screen { return newFilterInput(ses) })
}

func newFilterInput(ses *session) *filterInput {
	return &filterInput{name: "Filter input", input: &ses.find.input, apply: ses.applyFilter, ses: ses}
}

func (f *filterInput) title() string { return f.name }

func (f *filterInput) layer() layer { return layerHeader }

func (f *filterInput) own() []command {
	k := f.ses.keys
	return []command{
		live(k.FilterApply, func() action { return popScreen{} }),
		live(k.FilterClear, func() action {
			f.input.SetValue("")
			f.apply("")
			return popScreen{}
		}),
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
	}
	return runCmd{cmd}, ok
}

func (f *filterInput) view(width, height int) string { return f.input.View() }

func (f *filterInput) focus() tea.Cmd { return f.input.Focus() }

// takesText: typed characters go into the filter.
func (f *filterInput) takesText() bool { return true }

func (f *filterInput) closing() { f.input.Blur() }

func (f *filterInput) receive(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	*f.input, cmd = f.input.Update(msg)
	return cmd
}
