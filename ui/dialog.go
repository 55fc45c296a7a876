package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"charm.land/lipgloss/v2"
)

// quitDialog asks before quitting while a dispatch is running. Only its
// QuitNow key cuts the request in flight off; a second q, ctrl+c or f lets
// it finish first; n or esc keeps sending.
type quitDialog struct{ ses *session }

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(90, func(ses *session) screen { return newQuitDialog(ses) })
}

func newQuitDialog(ses *session) *quitDialog { return &quitDialog{ses: ses} }

func (d *quitDialog) title() string { return "Quit while sending" }

func (d *quitDialog) layer() layer { return layerDialog }

func (d *quitDialog) commands() []command {
	k := d.ses.keys
	return []command{
		live(k.FinishThenQuit, func() action { return popScreen{then: finishQuit{}} }),
		live(k.QuitNow, func() action { return popScreen{then: quitNow{}} }),
		live(described(k.No, "keep sending"), func() action { return popScreen{note: "Still sending."} }),
	}
}

func (d *quitDialog) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(d.commands(), msg)
}

// refresh closes the dialog once nothing is in flight any more: the
// question no longer stands.
func (d *quitDialog) refresh() bool {
	if d.ses.dispatch.running {
		return true
	}
	d.ses.note = "The dispatch ended: nothing is in flight. " + d.ses.keys.Quit.Help().Key + " quits."
	return false
}

// listSome lists up to n names, one per line, and counts the rest.
func listSome(names []string, n int) string {
	var b strings.Builder
	for i, name := range names {
		if i == n {
			fmt.Fprintf(&b, "\n  … and %d more", len(names)-n)
			break
		}
		if i > 0 {
			b.WriteString("\n")
		}
		b.WriteString("  " + name)
	}
	return b.String()
}

func (d *quitDialog) view(width, height int) string {
	m := d.ses
	st := m.styles
	dp := m.dispatch
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render("Quit while sending?"))
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "%s is running: %d of %d requests reported.\n", dp.verdict, dp.reported, dp.requests)
	k := m.keys
	fmt.Fprintf(&b, "%s  let the request in flight finish, send no other, then quit\n", fit(st.Key.Render(k.FinishThenQuit.Help().Key), 5))
	fmt.Fprintf(&b, "%s  quit now, cutting the request in flight off: Graph may or\n       may not apply it; its sign-ins end unknown, to check\n       before sending them again\n", fit(st.Key.Render(k.QuitNow.Help().Key), 5))
	fmt.Fprintf(&b, "%s  keep sending", fit(st.Key.Render(k.No.Help().Key), 5))
	return dialogBox(st.Dialog, b.String(), 72, width, height)
}

// dialogFits reports whether dialogBox shows text whole, without cutting
// it, in width × height.
func dialogFits(style lipgloss.Style, text string, width, height int) bool {
	var kept []string
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(ansi.Strip(l)) != "" {
			kept = append(kept, l)
		}
	}
	return lipgloss.Height(style.Width(width).Render(strings.Join(kept, "\n"))) <= height
}

// dialogBox frames a dialog's text at most wide cells wide (width at
// most) and height tall. A text too tall for the terminal is first laid
// out as wide as the terminal allows, then without its blank lines, and
// last cut in the middle, saying so: its title and counts (first) and its
// keys (last) always show, and so does the frame.
func dialogBox(style lipgloss.Style, text string, wide, width, height int) string {
	box := style.Width(min(width, wide)).Render(text)
	if lipgloss.Height(box) <= height {
		return box
	}
	if box = style.Width(width).Render(text); lipgloss.Height(box) <= height {
		return box
	}
	var kept []string
	for _, l := range strings.Split(text, "\n") {
		if strings.TrimSpace(ansi.Strip(l)) != "" {
			kept = append(kept, l)
		}
	}
	if dialogFits(style, text, width, height) {
		return style.Width(width).Render(strings.Join(kept, "\n"))
	}
	// Cut lines (as wrapped in the box) above the keys.
	frame := style.GetVerticalFrameSize()
	inner := strings.Split(lipgloss.NewStyle().Width(width-style.GetHorizontalFrameSize()).Render(strings.Join(kept, "\n")), "\n")
	room := max(height-frame, 3)
	if len(inner) > room {
		cut := len(inner) - room + 1
		note := fmt.Sprintf("… %d more lines: enlarge the terminal to read them", cut)
		inner = append(append(inner[:room-2:room-2], note), inner[len(inner)-1])
	}
	return style.Width(width).Render(strings.Join(inner, "\n"))
}

// overlay draws a dialog in the middle of the body, over the table, so the
// rows it is about stay in sight around it.
//
// A dialog taller than the body is cut at the body's foot, so that the
// status pane and the footer (which names the dialog's keys) stay on
// screen; its title and counts come first.
func overlay(body, dialog string, width, height int) string {
	x := max((width-lipgloss.Width(dialog))/2, 0)
	y := max((height-lipgloss.Height(dialog))/2, 0)
	out := lipgloss.NewCompositor(
		lipgloss.NewLayer(body),
		lipgloss.NewLayer(dialog).X(x).Y(y).Z(1),
	).Render()
	if lines := strings.Split(out, "\n"); len(lines) > height {
		out = strings.Join(lines[:height], "\n")
	}
	return out
}

func capitalize(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}
