package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
)

// The smallest terminal the layout works in.
const (
	minWidth  = 60
	minHeight = 14
)

// headerLines is the header's height: a third line shows the filter.
func (m *Model) headerLines() int {
	if m.find.typing || m.find.active() || m.find.err != nil {
		return 3
	}
	return 2
}

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
	if m.width < minWidth || m.height < minHeight {
		return fmt.Sprintf("The terminal is %d×%d; signin-triage needs at least %d×%d.\nEnlarge the window (nothing is lost meanwhile), or press %s to quit.",
			m.width, m.height, minWidth, minHeight, m.keys.Quit.Help().Key)
	}
	body := ""
	if m.groups != nil {
		body = m.groups.render(m.styles, m.width, m.table.height)
	} else {
		body = m.table.render(m.styles, m.rowMark)
	}
	if m.details != nil {
		body = m.details.vp.View()
	}
	if m.journalView != nil {
		body = m.journalView.vp.View()
	}
	if m.dialog != nil {
		body = overlay(body, m.dialog.view(m, m.width-4), m.width, m.table.height+1)
	}
	parts := []string{
		m.headerView(),
		body,
		m.statusView(m.width, m.statusLines()),
		m.helpView(),
	}
	return strings.Join(parts, "\n")
}

func (m *Model) rowMark(pos int, id string) rowMark {
	return rowMark{selected: m.isSelected(pos, id), outcome: m.outcomes[id]}
}

// layout shares the height out: header, table, status pane, help.
func (m *Model) layout() {
	m.help.SetWidth(m.width)
	frame := m.styles.Pane.GetVerticalFrameSize()
	m.find.input.SetWidth(max(m.width-12, 10))
	tableRows := m.height - m.headerLines() - 1 - (m.statusLines() + frame) - lipgloss.Height(m.helpView())
	m.table.setSize(m.width, tableRows)
}

// statusLines is the status pane's height inside its frame.
func (m *Model) statusLines() int {
	switch {
	case m.height >= 36:
		return 7
	case m.height >= 24:
		return 5
	}
	return 4
}

func (m *Model) helpView() string {
	var v string
	switch {
	case m.keys.Apply.Enabled():
		v = m.help.ShortHelpView(m.keys.QueryHelp())
	case m.keys.QuitNow.Enabled():
		v = m.help.ShortHelpView(m.keys.QuitHelp())
	case m.keys.ExportView.Enabled():
		v = m.help.ShortHelpView(m.keys.ExportHelp())
	case m.dialog != nil:
		v = m.help.ShortHelpView(m.keys.DialogHelp())
	case m.find.typing:
		v = m.help.ShortHelpView(m.keys.FilterHelp())
	case m.details != nil:
		v = m.help.ShortHelpView(m.keys.DetailsHelp())
	case m.journalView != nil:
		v = m.help.ShortHelpView([]key.Binding{m.keys.Back, m.keys.Up, m.keys.Down, m.keys.Quit})
	case m.groups != nil && !m.help.ShowAll:
		v = m.help.ShortHelpView(m.keys.GroupHelp())
	default:
		v = m.help.View(m.keys)
	}
	// bubbles/help lets the last item overflow when no ellipsis fits after
	// it; cut every line to the width.
	lines := strings.Split(v, "\n")
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, m.width, "…")
	}
	return strings.Join(lines, "\n")
}

// headerView is two lines: who and where, then what is loaded and selected.
func (m *Model) headerView() string {
	st := m.styles
	top := st.Title.Render("signin-triage") + st.Muted.Render(" · "+m.source)
	if m.graph.ReadOnly() {
		top += "  " + st.Badge.Render("READ-ONLY")
	}
	if m.graph.DryRun() {
		top += "  " + st.Badge.Render("DRY RUN · nothing is sent")
	}
	if m.dispatch.running {
		top += "  " + st.Badge.Render(fmt.Sprintf("SENDING %s", m.dispatch.verdict))
	}
	if m.quitWhenDone {
		top += "  " + st.Badge.Render("QUITTING when the request in flight ends")
	}
	if m.rng.active {
		top += "  " + st.Badge.Render("RANGE")
	}
	if m.groups != nil {
		top += "  " + st.Badge.Render(fmt.Sprintf("GROUPED BY %s (%d groups)", strings.ToUpper(m.groups.by.String()), len(m.groups.groups)))
	}

	label, value := st.HeaderLabel.Render, st.HeaderValue.Render
	loaded := fmt.Sprintf("%d", m.table.len())
	if m.listing.loading {
		loaded += "+"
	}
	sel := fmt.Sprintf("%d", m.selectedCount())
	var hidden []string
	if n := m.hiddenSel; n > 0 {
		hidden = append(hidden, fmt.Sprintf("%d hidden by the filter", n))
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
		line += label("   Shown ") + value(fmt.Sprintf("%d of %d", m.table.shownLen(), m.table.len()))
	}
	line += label("   Loaded ") + value(loaded) +
		label("   Sort ") + value(m.order.String()) +
		label("   Query ") + value(graph.DescribeQuery(m.query))
	out := fit(top, m.width) + "\n" + fit(line, m.width)
	if m.headerLines() == 3 {
		out += "\n" + fit(m.filterLine(), m.width)
	}
	return out
}

// filterLine is the filter being typed, or the one in force.
func (m *Model) filterLine() string {
	st := m.styles
	var line string
	switch {
	case m.find.typing:
		line = m.find.input.View()
	case !m.find.filter.Empty():
		line = st.HeaderLabel.Render("Filter ") + st.HeaderValue.Render(m.find.filter.String()) +
			st.Muted.Render(fmt.Sprintf("  (%s edits)", m.keys.Filter.Help().Key))
	}
	if m.find.selectedOnly {
		line += st.Badge.Render("  SELECTED ONLY")
	}
	if p := m.find.pick; p != nil {
		line += st.HeaderLabel.Render("  Group ") + st.HeaderValue.Render(p.by.String()+" = "+p.label) +
			st.Muted.Render(fmt.Sprintf("  (%s: back to the groups)", m.keys.Back.Help().Key))
	}
	return line
}
