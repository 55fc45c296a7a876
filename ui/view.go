package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// The smallest terminal the layout works in.
const (
	minWidth  = 60
	minHeight = 14
)

// tooSmall reports a terminal smaller than the layout works in.
func (ses *session) tooSmall() bool { return ses.width < minWidth || ses.height < minHeight }

// headerLines is the header's height: a third line shows the filter.
func (m *Model) headerLines() int {
	if m.typingFilter() || m.find.active() || m.find.err != nil {
		return 3
	}
	return 2
}

// typingFilter reports whether the filter input has the keys.
func (m *Model) typingFilter() bool { return m.top().layer() == layerHeader }

// View draws the whole screen.
func (m *Model) View() tea.View {
	v := tea.NewView(m.render())
	v.AltScreen = true
	v.WindowTitle = "signin-triage"
	return v
}

func (m *Model) render() string {
	if m.width == 0 || m.height == 0 {
		return "Starting signin-triage…"
	}
	if m.tooSmall() {
		return fmt.Sprintf("The terminal is %d×%d; signin-triage needs at least %d×%d.\nEnlarge the window (nothing is lost meanwhile), or press %s to quit.",
			m.width, m.height, minWidth, minHeight, m.keys.Quit.Help().Key)
	}
	bodyHeight := m.table.height + 1
	body := ""
	for i := len(m.stack) - 1; i >= 0; i-- {
		if m.stack[i].layer() == layerBody {
			body = m.stack[i].view(m.width, bodyHeight)
			break
		}
	}
	for _, s := range m.stack {
		if s.layer() == layerDialog {
			body = overlay(body, s.view(m.width-2, bodyHeight), m.width, bodyHeight)
		}
	}
	parts := []string{
		m.headerView(),
		body,
		m.statusView(m.width),
		m.footerView(),
	}
	return strings.Join(parts, "\n")
}

func (ses *session) rowMark(pos int, id string) rowMark {
	return rowMark{selected: ses.isSelected(pos, id), outcome: ses.outcomes[id]}
}

// layout shares the height out: header, table, status pane, footer.
func (m *Model) layout() {
	frame := m.styles.Pane.GetVerticalFrameSize()
	m.find.input.SetWidth(max(m.width-12, 10))
	tableRows := m.height - m.headerLines() - 1 - (m.statusLines() + frame) - lipgloss.Height(m.footerView())
	m.table.setSize(m.width, tableRows)
}

// footerLines is how many lines the footer may take: one on a short
// terminal, more on a tall one.
func (m *Model) footerLines() int {
	switch {
	case m.height >= 50:
		return 3
	case m.height >= 34:
		return 2
	}
	return 1
}

// footerView is the live keys of the screen on top: exactly the keys it
// handles, as many as fit, then the help key.
func (m *Model) footerView() string {
	return footer(m.styles.Help, liveBindings(m.top()), m.keys.Help, m.width, m.footerLines())
}

// headerView is two lines: who and where, then what is loaded and
// selected. What says where the analyst is (grouped, dry run, read-only,
// sending) comes before the source, which is cut first.
func (m *Model) headerView() string {
	st := m.styles
	var badges []string
	if m.graph.ReadOnly() {
		badges = append(badges, "READ-ONLY")
	}
	if m.graph.DryRun() {
		badges = append(badges, "DRY RUN · nothing is sent")
	}
	if m.dispatch.running {
		badges = append(badges, fmt.Sprintf("SENDING %s", m.dispatch.verdict))
	}
	if m.quitWhenDone {
		badges = append(badges, "QUITTING when the request in flight ends")
	}
	if m.rng.active {
		badges = append(badges, "RANGE")
	}
	if g := m.groups(); g != nil {
		badges = append(badges, fmt.Sprintf("GROUPED BY %s (%d groups)", strings.ToUpper(g.by.String()), len(g.groups)))
	}
	top := st.Title.Render("signin-triage")
	for _, b := range badges {
		top += " " + st.Badge.Render(b)
	}
	if room := m.width - lipgloss.Width(top); room > 4 {
		top += st.Muted.Render(fit(" · "+m.source, room))
	}

	label, value := st.HeaderLabel.Render, st.HeaderValue.Render
	loaded := fmt.Sprintf("%d", m.table.len())
	if m.listing.loading {
		loaded += "+"
	}
	sel := fmt.Sprintf("%d", m.selectedCount())
	var hidden []string
	if n := m.selectedOutOfView; n > 0 {
		hidden = append(hidden, fmt.Sprintf("%d not in view", n))
	}
	if n := m.notLoaded; n > 0 {
		hidden = append(hidden, fmt.Sprintf("%d not loaded", n))
	}
	if len(hidden) > 0 {
		sel += " (" + strings.Join(hidden, ", ") + ")"
	}
	// Counts first: they must survive the narrowest terminal.
	line := label("Selected ") + value(sel)
	if m.find.active() {
		shown := fmt.Sprintf("%d of %d", m.table.shownLen(), m.table.len())
		if p := m.find.pick; p != nil {
			shown = fmt.Sprintf("%d of the group's %d", m.table.shownLen(), p.size)
		}
		line += label("   Shown ") + value(shown)
	}
	line += label("   Loaded ") + value(loaded) +
		label("   Sort ") + value(m.sortText()) +
		label("   Query ") + value(graph.DescribeQuery(m.query))
	out := fit(top, m.width) + "\n" + fit(line, m.width)
	if m.headerLines() == 3 {
		out += "\n" + fit(m.filterLine(), m.width)
	}
	return out
}

// sortText is the order on show: the groups', in the grouped view.
func (m *Model) sortText() string {
	g := m.groups()
	if g == nil {
		return m.order.String()
	}
	arrow := "↓"
	if g.reversed {
		arrow = "↑"
	}
	return "groups by " + g.order.String() + " " + arrow
}

// groups is the grouped view when it is the screen on show (under any
// dialog or input), else nil.
func (m *Model) groups() *groupView {
	for i := len(m.stack) - 1; i >= 0; i-- {
		if m.stack[i].layer() == layerBody {
			if gs, ok := m.stack[i].(*groupsScreen); ok {
				return &gs.g
			}
			return nil
		}
	}
	return nil
}

// filterLine is the filter being typed, or what narrows the view: the
// opened group, selected only, handled hidden, then the filter in force,
// the labels first so that a long filter is what gets cut.
func (m *Model) filterLine() string {
	st := m.styles
	if m.typingFilter() {
		return m.top().view(m.width, 1) // the input of the list being filtered
	}
	var parts []string
	if p := m.find.pick; p != nil {
		parts = append(parts, st.HeaderLabel.Render("Group ")+st.HeaderValue.Render(p.by.String()+" = "+p.label)+
			st.Muted.Render(fmt.Sprintf(" (%s: back to the groups)", m.keys.Back.Help().Key)))
	}
	if m.find.selectedOnly {
		parts = append(parts, st.Badge.Render("SELECTED ONLY"))
	}
	if m.find.hideHandled {
		parts = append(parts, st.Badge.Render(fmt.Sprintf("%s HIDDEN", strings.ToUpper(plural(m.find.handled, "handled sign-in")))))
	}
	if !m.find.filter.Empty() {
		parts = append(parts, st.HeaderLabel.Render("Filter ")+st.HeaderValue.Render(m.find.filter.String())+
			st.Muted.Render(fmt.Sprintf(" (%s %s edits)", m.keys.Filter.Help().Key, m.keys.FilterEarlier.Help().Key)))
	}
	return strings.Join(parts, "  ")
}
