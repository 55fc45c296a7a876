package ui

import tea "charm.land/bubbletea/v2"

// filterInput is the filter being typed, in the header's third line: it
// has the keys until enter keeps the filter or esc clears it.
type filterInput struct{ ses *session }

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(60, func(ses *session) screen { return newFilterInput(ses) })
}

func newFilterInput(ses *session) *filterInput { return &filterInput{ses: ses} }

func (f *filterInput) title() string { return "Filter input" }

func (f *filterInput) layer() layer { return layerHeader }

func (f *filterInput) own() []command {
	ses, k := f.ses, f.ses.keys
	return []command{
		live(k.FilterApply, func() action { return popScreen{} }),
		live(k.FilterClear, func() action {
			ses.find.input.SetValue("")
			ses.applyFilter("")
			return popScreen{}
		}),
	}
}

func (f *filterInput) commands() []command { return append(f.own(), editCommand()) }

func (f *filterInput) update(msg tea.KeyPressMsg) (action, bool) {
	if act, ok := runCommands(f.own(), msg); ok {
		return act, true
	}
	cmd, ok := typeInto(&f.ses.find.input, msg)
	if ok {
		f.ses.applyFilter(f.ses.find.input.Value())
	}
	return runCmd{cmd}, ok
}

func (f *filterInput) view(width, height int) string { return f.ses.find.input.View() }

func (f *filterInput) focus() tea.Cmd { return f.ses.find.input.Focus() }

// takesText: typed characters go into the filter.
func (f *filterInput) takesText() bool { return true }

func (f *filterInput) closing() { f.ses.find.input.Blur() }

func (f *filterInput) receive(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	f.ses.find.input, cmd = f.ses.find.input.Update(msg)
	return cmd
}
