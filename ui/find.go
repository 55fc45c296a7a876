package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/ui/filter"
)

// finder is the live filter over the loaded rows, and "selected only".
type finder struct {
	input        textinput.Model
	typing       bool          // the input has the keys
	filter       filter.Filter // the last filter that parsed
	err          error         // what is wrong with the text typed, if anything
	selectedOnly bool
	pick         *groupPick // an opened group: only its sign-ins
}

func newFinder() finder {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = filter.Placeholder()
	return finder{input: in}
}

// active reports whether anything narrows the view.
func (f finder) active() bool { return !f.filter.Empty() || f.selectedOnly || f.pick != nil }

// keep is the view's rule: the filter, and "selected only" when it is on.
// Nil keeps every row.
func (m *Model) keep() keepFunc {
	flt, only, sel, pick := m.find.filter, m.find.selectedOnly, m.selected, m.find.pick
	if flt.Empty() && !only && pick == nil {
		return nil
	}
	return func(s *graph.SignIn) bool {
		return (!only || sel.has(s.ID)) && (pick == nil || pick.match(s)) && flt.Match(s)
	}
}

// startFilter gives the keys to the filter input.
func (m *Model) startFilter() tea.Cmd {
	m.endRange()
	m.find.typing = true
	return m.find.input.Focus()
}

// handleFilterKey edits the filter; the view follows every keystroke.
func (m *Model) handleFilterKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case key.Matches(msg, m.keys.FilterApply):
		m.find.typing = false
		m.find.input.Blur()
		return nil
	case key.Matches(msg, m.keys.FilterClear):
		m.find.typing = false
		m.find.input.Blur()
		m.find.input.SetValue("")
		m.applyFilter("")
		return nil
	}
	var cmd tea.Cmd
	m.find.input, cmd = m.find.input.Update(msg)
	m.applyFilter(m.find.input.Value())
	return cmd
}

// applyFilter parses text and refilters. Text that does not parse leaves
// the last good filter in place and says why.
func (m *Model) applyFilter(text string) {
	f, err := filter.Parse(text)
	m.find.err = err
	if err != nil {
		return
	}
	m.find.filter = f
	m.refilter()
}

// toggleSelectedOnly shows only the selected rows, or all again.
func (m *Model) toggleSelectedOnly() {
	m.endRange()
	m.find.selectedOnly = !m.find.selectedOnly
	m.refilter()
}

func (m *Model) refilter() {
	m.rng = span{}
	m.table.refilter(m.keep())
	m.sortIfNeeded()
}

// setOrder sorts the view.
func (m *Model) setOrder(o sortSpec) {
	m.endRange()
	m.order = o
	m.table.sortView(o)
}

// sortIfNeeded re-sorts after rows were added or refiltered. Graph's own
// order needs no work unless rows were refiltered out of it.
func (m *Model) sortIfNeeded() {
	if !m.order.isDefault() {
		m.table.sortView(m.order)
	}
}
