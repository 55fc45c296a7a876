package ui

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// What the details show of an ID, and what y copies of it: the ID as
// Graph sent it, drawn so that nothing in it hides.

// copy puts text on the clipboard exactly as Graph sent it: an ID with a
// zero-width space in it, copied without, would be another sign-in's ID.
// The status pane shows what was copied with every character that would
// hide shown as its code point (sanitize.Visible), so the analyst sees
// that the ID holds one. The OSC 52 payload is base64, so the text is
// inert on its way to the terminal.
//
// Text with a control character in it (ESC, CR) is not copied, saying
// why: pasted into a shell it could end a bracketed paste and run what
// follows. Graph's IDs are GUIDs, so only a hostile or broken server
// sends one.
func (d *detailsScreen) copy(note, text string) action {
	shown := sanitize.Visible(text)
	if r := []rune(shown); len(r) > maxCopyShown {
		shown = string(r[:maxCopyShown]) + fmt.Sprintf("… (%d characters in all)", utf8.RuneCountInString(text))
	}
	if strings.ContainsFunc(text, unicode.IsControl) {
		d.ses.note = "Not copied: the text holds control characters, which a paste could run as commands: " + shown
		return nil
	}
	d.ses.note = note + shown
	return runCmd{tea.SetClipboard(text)}
}

// maxCopyShown is how much of a copied text the status pane shows.
const maxCopyShown = 200

// idText is a sign-in's ID as the details show it: whole, with every
// character that would hide shown as its code point; an ID longer than
// any Graph sends only in part, with its length and why it cannot be
// sent (its whole is still what y copies).
func idText(id string) string {
	if graph.CheckID(id) == nil {
		return sanitize.Visible(id)
	}
	shown := []rune(sanitize.Visible(id))
	return fmt.Sprintf("%s… (%d characters in all: %s)", string(shown[:min(len(shown), graph.MaxIDLength)]), utf8.RuneCountInString(id),
		"longer than any Graph ID, so it cannot be selected or sent")
}
