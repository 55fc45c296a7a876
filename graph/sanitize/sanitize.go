// Package sanitize makes strings from outside the program (Graph replies,
// config, flags) inert before they can reach a terminal.
//
// Sign-in data is attacker-controlled: a display name, a device name or a user
// agent can carry escape sequences that retitle the window, write the
// clipboard or clear the screen, and bidi controls that make text read
// differently from what it is. Everything that is not printable text is
// removed here, once, at the boundary.
package sanitize

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// String returns s with every escape sequence, control character, bidi
// control and zero-width character removed. Line breaks and tabs become a
// single space so that a value always stays on one row. Invalid UTF-8 becomes
// U+FFFD.
func String(s string) string {
	if isPlain(s) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	// ansi.Strip removes complete sequences (CSI, OSC, DCS, APC, ...) together
	// with their parameters, so "ESC ] 0 ; title BEL" leaves no "0;title"
	// behind. What it leaves (lone C0/C1 bytes, bidi and zero-width runes) is
	// handled below.
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f':
			if !space {
				b.WriteByte(' ')
			}
			space = true
			continue
		case unicode.IsControl(r), IsInvisible(r):
			continue
		}
		space = r == ' '
		b.WriteRune(r)
	}
	return b.String()
}

// MaxText is the most bytes a text from Graph keeps (a name, a place, an
// error message): Entra's names are at most a few hundred characters, and
// a field of hundreds of thousands from a hostile server would be drawn,
// wrapped and kept at every frame.
const MaxText = 1024

// Text is String for a text from Graph, cut to MaxText bytes on a
// character boundary, with "…" when longer.
func Text(s string) string {
	long := len(s) > 4*MaxText
	if long {
		s = s[:4*MaxText] // String never grows a text: cut before the work
	}
	s = String(s)
	if len(s) <= MaxText && !long {
		return s
	}
	cut := min(len(s), MaxText-len("…"))
	for cut > 0 && cut < len(s) && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimSuffix(s[:cut], "\uFFFD") + "…"
}

// MaxHeader is the most runes a value from a reply header keeps: a
// request-id is a GUID, and a header of thousands of characters must not
// push the status pane off the screen.
const MaxHeader = 128

// Header is String for a value from a reply header (Graph's request-id,
// Retry-After), cut to MaxHeader runes with "…" when longer.
func Header(s string) string {
	s = String(s)
	if len(s) <= MaxHeader {
		return s
	}
	if r := []rune(s); len(r) > MaxHeader {
		return string(r[:MaxHeader-1]) + "…"
	}
	return s
}

// isPlain reports whether s is printable ASCII, the common case, which needs
// no work and no allocation.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// IsInvisible reports format characters (Unicode category Cf: bidi
// embeddings, overrides and isolates, zero-width spaces and joiners, the BOM,
// soft hyphens, tag characters), the line and paragraph separators, and the
// other runes that print nothing themselves but make two strings that read
// the same differ: the combining grapheme joiner, variation selectors,
// Mongolian free variation selectors, the Khmer inherent vowels and the
// Hangul fillers (invisible.go).
func IsInvisible(r rune) bool {
	return r == 0x2028 || r == 0x2029 || unicode.Is(unicode.Cf, r) || unicode.Is(blank, r)
}

// QuoteJSON is s as a JSON string that is both inert and exact: printable
// ASCII stays as it is, and every other rune (controls, bidi overrides,
// zero-width and all non-ASCII text) is written as a \uXXXX escape
// (a surrogate pair above U+FFFF), so it draws as plain characters yet
// decodes to s itself. Invalid UTF-8 cannot be carried in JSON; it
// decodes to U+FFFD, as encoding/json would send it.
func QuoteJSON(s string) string {
	const hex = "0123456789abcdef"
	var b strings.Builder
	b.Grow(len(s) + 2)
	b.WriteByte('"')
	esc := func(r rune) {
		b.WriteString(`\u`)
		for shift := 12; shift >= 0; shift -= 4 {
			b.WriteByte(hex[(r>>shift)&0xf])
		}
	}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r >= 0x20 && r < 0x7f:
			b.WriteRune(r)
		case r > 0xffff:
			r -= 0x10000
			esc(0xd800 + (r>>10)&0x3ff)
			esc(0xdc00 + r&0x3ff)
		default:
			esc(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// Visible is s with every rune String would remove (controls, bidi
// controls, zero-width and other format characters, line and paragraph
// separators) written as its code point, \u202e or \U000e0041, and
// everything else kept: text the analyst typed, such as a verdict's note,
// shows as it is, while a character that would reorder or hide the text
// around it shows as what it is. Invalid UTF-8 becomes U+FFFD. A line
// break shows as \u000a, so the value stays on one row, and a backslash
// that starts what reads as one of these escapes as \u005c, so that no
// text reads as an escape it is not.
func Visible(s string) string {
	if isPlain(s) && !strings.Contains(s, `\`) {
		return s
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	var b strings.Builder
	b.Grow(len(s) + 8)
	runes := []rune(s)
	for i, r := range runes {
		switch {
		case r == '\\' && readsAsEscape(runes[i+1:]):
			// A backslash that would read as the start of an escape is
			// one itself, so "\u200b" typed reads apart from U+200B.
			b.WriteString(`\u005c`)
		case unicode.IsControl(r), IsInvisible(r):
			if r > 0xffff {
				fmt.Fprintf(&b, `\U%08x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// readsAsEscape reports whether rs, after a backslash, reads as an escape
// Visible writes: u and four hex digits, or U and eight.
func readsAsEscape(rs []rune) bool {
	n := 0
	switch {
	case len(rs) > 4 && rs[0] == 'u':
		n = 4
	case len(rs) > 8 && rs[0] == 'U':
		n = 8
	default:
		return false
	}
	for _, r := range rs[1 : n+1] {
		if !strings.ContainsRune("0123456789abcdefABCDEF", r) {
			return false
		}
	}
	return true
}

// IDs is a list of IDs for a person to read, each through Visible and
// comma-separated: an ID with a zero-width space in it never reads as
// another's.
func IDs(ids []string) string {
	shown := make([]string, len(ids))
	for i, id := range ids {
		shown[i] = Visible(id)
	}
	return strings.Join(shown, ", ")
}
