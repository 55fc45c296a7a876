package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

// How wide text is on screen depends on the terminal, and Bubble Tea's
// renderer lays each frame out by one of two measures (docs/terminal.md):
//
//   - ansi.WcWidth, from the start: a cell count per code point, as tmux,
//     xterm, VTE and most terminals advance the cursor. "กำ" (Thai SARA AM)
//     and "क्ष" (a Devanagari conjunct) are two cells, "👍🏽" (a skin-tone
//     modifier) four.
//   - ansi.GraphemeWidth, once the terminal reports Unicode core mode
//     (DEC mode 2027): a cell count per grapheme cluster, which that
//     mode makes the terminal use too. The same three are one, one and
//     two cells.
//
// The table measures, cuts and pads its cells by the renderer's measure,
// so that what it counts as a 14-cell column is 14 cells on screen and
// no row's later columns move.

// widthMethodAfter is the measure the renderer uses after the mode report
// msg, given the one it used before: Bubble Tea asks the terminal about
// mode 2027 at start and measures by grapheme clusters once it answers
// that it knows the mode, set or not (bubbletea v2 tea.go, eventLoop).
func widthMethodAfter(msg tea.ModeReportMsg, before ansi.Method) ansi.Method {
	if msg.Mode != ansi.ModeUnicodeCore {
		return before
	}
	switch msg.Value {
	case ansi.ModeSet, ansi.ModeReset, ansi.ModePermanentlySet:
		return ansi.GraphemeWidth
	}
	return before
}

// fitAs cuts plain text s (no escape sequences: a cell's text) to width
// cells with an ellipsis, or pads it with spaces, measuring as m does, so
// that it takes exactly width cells where the renderer measures by m.
func fitAs(m ansi.Method, s string, width int) string {
	if width <= 0 {
		return ""
	}
	if plainASCII(s) { // one cell a byte, the common case
		if len(s) > width {
			return s[:width-1] + "…"
		}
		return s + strings.Repeat(" ", width-len(s))
	}
	w := m.StringWidth(s)
	if w > width {
		s, w = cutAs(m, s, width)
	}
	return s + strings.Repeat(" ", width-w)
}

// cutAs is the head of s, whole grapheme clusters only, and an ellipsis,
// in at most width cells measured as m does; and its width. (ansi's own
// Method.Truncate returns s whole under WcWidth when its grapheme width
// fits, however wide it is by code points: docs/terminal.md.)
func cutAs(m ansi.Method, s string, width int) (string, int) {
	room := width - 1 // for the "…"
	var b strings.Builder
	for s != "" {
		cluster, w := ansi.FirstGraphemeCluster(s, m)
		if w > room {
			break
		}
		b.WriteString(cluster)
		room -= w
		s = s[len(cluster):]
	}
	b.WriteString("…")
	return b.String(), width - room
}
