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
			if w > width { // a word longer than a line
				var pieces []string
				pieces, word, w = cutWord(word, width)
				out = append(out, pieces...)
			}
			line, lineWidth = word, w
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}

// cutWord cuts a word wider than width into whole lines of width cells
// and the rest, with the rest's width, in one pass: a 600,000-character
// word from Graph must not cost a pass over what is left at each line. A
// character wider than the line is a line of its own; an escape sequence
// stays on the line where it is met.
func cutWord(word string, width int) (lines []string, rest string, restWidth int) {
	var state byte
	start, lineWidth := 0, 0
	for i := 0; i < len(word); {
		_, w, n, newState := ansi.GraphemeWidth.DecodeSequenceInString(word[i:], state, nil)
		state = newState
		if lineWidth > 0 && lineWidth+w > width {
			lines = append(lines, word[start:i])
			start, lineWidth = i, 0
		}
		lineWidth += w
		i += max(n, 1)
	}
	return lines, word[start:], lineWidth
}
