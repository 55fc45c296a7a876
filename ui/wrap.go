package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wrapWords wraps text to width cells at spaces only, never inside a word:
// a GUID or a request-id stays whole on its line, so it can be read and
// copied. A word wider than a line is cut across lines. Lines the text
// already has are kept.
func wrapWords(text string, width int) string {
	width = max(width, 1)
	var out []string
	for _, para := range strings.Split(text, "\n") {
		line, lineWidth := "", 0
		for _, word := range strings.Fields(para) {
			w := ansi.StringWidth(word)
			switch {
			case lineWidth > 0 && lineWidth+1+w <= width:
				line, lineWidth = line+" "+word, lineWidth+1+w
				continue
			case lineWidth > 0:
				out = append(out, line)
			}
			for w > width { // a word longer than a line
				out = append(out, ansi.Truncate(word, width, ""))
				word = ansi.TruncateLeft(word, width, "")
				w = ansi.StringWidth(word)
			}
			line, lineWidth = word, w
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
