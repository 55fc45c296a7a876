package ui

import (
	"cmp"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/theme"
	"github.com/signin-triage/signin-triage/ui/filter"
)

// helpScreen is the reference of every key (?), grouped by screen: the
// screen it was opened from first, then every other. A key that does
// nothing on the screen it was opened from says so, and why.
type helpScreen struct {
	pager
	ses  *session
	from screen // the screen below; nil in the reference itself
}

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(110, func(ses *session) screen { return newHelpScreen(ses, nil) })
}

func newHelpScreen(ses *session, from screen) *helpScreen {
	return &helpScreen{pager: newPager(), ses: ses, from: from}
}

func (h *helpScreen) title() string { return "Help" }

func (h *helpScreen) commands() []command {
	ses, k := h.ses, h.ses.keys
	back := func() action { return popScreen{} }
	cmds := append([]command{live(described(k.Back, "back"), back), live(described(k.Help, "close help"), back)}, ses.readerQuitCommands()...)
	return append(cmds, h.scrollCommands(k)...)
}

func (h *helpScreen) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(h.commands(), msg)
}

func (h *helpScreen) refresh() bool {
	h.show(h.ses, h.text())
	return true
}

// helpColumn is the width a column of the reference aims at: a key, its
// description, and room to breathe.
const helpColumn = 38

// text is the reference, laid out in as many columns as fit width: the
// keys of the screen below first (those off now marked, and why), then
// every other screen's, then the filter's syntax. A key that does nothing
// on the screen below is marked ○.
func (h *helpScreen) text() string {
	st, width := h.ses.styles, max(h.ses.width, 40)
	n := max(1, (width+2)/(helpColumn+2))
	colWidth := (width - 2*(n-1)) / n
	entry := func(c command, off bool) []string {
		mark := "  "
		if off {
			mark = "○ "
		}
		desc := cmp.Or(c.about, c.binding.Help().Desc)
		line := mark + fit(c.binding.Help().Key, 9) + " " + desc
		style := st.Row
		if off {
			style = st.Muted
		}
		var out []string
		for _, l := range strings.Split(wrapIndented(line, colWidth, 12), "\n") {
			out = append(out, style.Render(fit(l, colWidth)))
		}
		return out
	}

	// The screen below: its keys in columns, then why those off are off.
	var out []string
	out = append(out, st.PaneTitle.Render(fit("Keys here: "+h.from.title(), width)),
		st.Muted.Render(fit("○ does nothing here now (why is below). The other screens' keys follow; "+
			h.ses.keys.Help.Help().Key+" or "+h.ses.keys.Back.Help().Key+" closes the help.", width)))
	var items [][]string
	var offs []string
	for _, c := range h.from.commands() {
		items = append(items, entry(c, c.off != ""))
		if c.off != "" {
			offs = append(offs, c.binding.Help().Key+" "+c.binding.Help().Desc+": does nothing now: "+c.off+".")
		}
	}
	out = append(out, flowColumns(items, n, colWidth)...)
	for _, o := range offs {
		out = append(out, strings.Split(st.Muted.Render(wrapIndented("○ "+o, width, 2)), "\n")...)
	}
	out = append(out, "")

	// Every other screen, a block each, then the filter's syntax.
	var blocks [][]string
	for _, s := range referenceScreens(h.ses) {
		if s.title() == h.from.title() {
			continue
		}
		block := []string{st.PaneTitle.Render(fit(s.title(), colWidth))}
		for _, c := range s.commands() {
			block = append(block, entry(c, false)...)
		}
		blocks = append(blocks, append(block, ""))
	}
	blocks = append(blocks, filterSyntax(st, colWidth))
	return strings.Join(append(out, flowColumns(blocks, n, colWidth)...), "\n")
}

// filterSyntax is the help's block on what / takes.
func filterSyntax(st theme.Styles, width int) []string {
	var examples []string
	for _, f := range filter.Fields() {
		if f.Example != "" {
			examples = append(examples, f.Example)
		}
	}
	text := []string{
		"Terms separated by spaces must all match. A term matches anywhere in a row, or in one field: field:text.",
		"Fields: " + filter.FieldNames() + ".",
		"!term leaves out what matches; \"new york\" keeps the space.",
		"pw:verified includes every success: result:interrupted pw:verified is \"stopped after the right password\".",
		"Examples: " + strings.Join(examples, "  ") + "  city:\"new york\"",
	}
	out := []string{st.PaneTitle.Render(fit("Filter syntax (/)", width))}
	for _, t := range text {
		for _, l := range strings.Split(wrapIndented("  "+t, width, 2), "\n") {
			out = append(out, st.Row.Render(fit(l, width)))
		}
	}
	return out
}

// flowColumns lays blocks of lines (each width cells wide) out in n
// columns, in order, top to bottom then left to right, as short as they
// can be; a block is never split.
func flowColumns(blocks [][]string, n, width int) []string {
	total, tallest := 0, 0
	for _, b := range blocks {
		total += len(b)
		tallest = max(tallest, len(b))
	}
	var cols [][]string
	for height := max(tallest, (total+n-1)/n); ; height++ {
		cols = [][]string{nil}
		for _, b := range blocks {
			if last := len(cols) - 1; len(cols[last]) > 0 && len(cols[last])+len(b) > height {
				cols = append(cols, nil)
			}
			cols[len(cols)-1] = append(cols[len(cols)-1], b...)
		}
		if len(cols) <= n {
			break
		}
	}
	height := 0
	for _, c := range cols {
		height = max(height, len(c))
	}
	blank := strings.Repeat(" ", width)
	out := make([]string, height)
	for row := range height {
		var parts []string
		for _, c := range cols {
			if row < len(c) {
				parts = append(parts, c[row]+strings.Repeat(" ", max(width-ansi.StringWidth(c[row]), 0)))
			} else {
				parts = append(parts, blank)
			}
		}
		out[row] = strings.TrimRight(strings.Join(parts, "  "), " ")
	}
	return out
}

// wrapIndented wraps line to width, continuing indent cells in, under the
// description; a word longer than a line is cut.
func wrapIndented(line string, width, indent int) string {
	width = max(width, indent+20)
	first, rest, more := strings.Cut(ansi.Wrap(line, width, " "), "\n")
	first = ansi.Hardwrap(first, width, false)
	if !more {
		return first
	}
	rest = strings.Join(strings.Fields(strings.ReplaceAll(rest, "\n", " ")), " ")
	lines := strings.Split(ansi.Wrap(rest, width-indent, " "), "\n")
	pad := strings.Repeat(" ", indent)
	for i, l := range lines {
		lines[i] = pad + strings.ReplaceAll(ansi.Hardwrap(l, width-indent, false), "\n", "\n"+pad)
	}
	return first + "\n" + strings.Join(lines, "\n")
}
