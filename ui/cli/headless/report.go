package headless

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// showIDs is ids for a line of text on standard error. A sign-in ID (a
// GUID) is shown as it is; anything else, such as an ID a hostile server
// listed, is shown as an escaped JSON string (sanitize.QuoteJSON), so that no
// escape sequence or bidi control in it reaches the terminal, and a ", "
// inside it does not read as two IDs. The escaped form decodes to the ID
// exactly, so it can still be looked up.
func showIDs(ids []string) string {
	shown := make([]string, len(ids))
	for i, id := range ids {
		shown[i] = id
		if !signInID.MatchString(id) {
			shown[i] = sanitize.QuoteJSON(id)
		}
	}
	return strings.Join(shown, ", ")
}

// writeLine writes l as one line of JSON in printable ASCII: encoding/json
// escapes the C0 controls but writes C1 controls, bidi overrides and
// every other rune as they are, and the IDs, the error and the note come
// from Graph or the input.
func writeLine(w io.Writer, l line) {
	b, err := json.Marshal(l)
	if err != nil {
		return // a line of strings and numbers always marshals
	}
	w.Write(append(asciiJSON(b), '\n')) //nolint:errcheck // a closed stdout cannot be told
}

// asciiJSON is the JSON text b with every rune outside printable ASCII
// written as a \uXXXX escape (a surrogate pair above U+FFFF). JSON's own
// syntax is ASCII, so such runes occur only inside strings, where the
// escape decodes to the same rune. b is json.Marshal's output: valid UTF-8,
// with the C0 controls already escaped.
func asciiJSON(b []byte) []byte {
	const hex = "0123456789abcdef"
	out := make([]byte, 0, len(b))
	esc := func(r rune) {
		out = append(out, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
	}
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		switch {
		case r >= 0x20 && r < 0x7f:
			out = append(out, byte(r))
		case r > 0xffff:
			r -= 0x10000
			esc(0xd800 + r>>10&0x3ff)
			esc(0xdc00 + r&0x3ff)
		default:
			esc(r)
		}
		b = b[size:]
	}
	return out
}

// unknownNotice says, for standard error, what a request whose outcome is
// unknown was and what to check: the line the UI's record at exit gives a
// request cut off in flight.
func unknownNotice(r graph.BatchResult) string {
	how := "outcome unknown"
	var e *graph.Error
	if errors.As(r.Err, &e) && e.Kind == graph.KindCanceled {
		how = "cut off in flight, outcome unknown"
	}
	return fmt.Sprintf("signin-triage: %s: request %d of %d, %s for %s (Graph may or may not have applied it); check them in the Entra admin center before sending again: %s",
		how, r.Index+1, r.Total, r.Verdict.Name, r.Verdict.Subject.Noun(len(r.IDs)), showIDs(r.IDs))
}
