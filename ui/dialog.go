package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"charm.land/lipgloss/v2"
)

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
