package ui

import (
	"strings"
	"unicode/utf8"

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
				head := ansi.Truncate(word, width, "")
				if head == "" { // a wide character in a narrower line: take it whole
					_, size := utf8.DecodeRuneInString(word)
					head = word[:size]
				}
				out = append(out, head)
				word = word[len(head):]
				w = ansi.StringWidth(word)
			}
			line, lineWidth = word, w
		}
		out = append(out, line)
	}
	return strings.Join(out, "\n")
}
