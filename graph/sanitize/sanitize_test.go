package sanitize

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

func TestString(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain", "Adele Vance", "Adele Vance"},
		{"empty", "", ""},
		{"osc title with BEL", "Eve\x1b]0;pwned\x07 Smith", "Eve Smith"},
		{"osc title with ST", "Eve\x1b]0;pwned\x1b\\ Smith", "Eve Smith"},
		{"csi clear screen", "\x1b[2JEve", "Eve"},
		{"csi colour", "\x1b[31mred\x1b[0m", "red"},
		{"osc 52 clipboard", "a\x1b]52;c;ZXZpbA==\x07b", "ab"},
		{"osc 8 link", "\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"},
		{"dcs", "a\x1bP1$r\x1b\\b", "ab"},
		{"right-to-left override", "user\u202Egnp.exe", "usergnp.exe"},
		{"isolates", "a\u2066b\u2069c", "abc"},
		{"zero width", "ad\u200bmin\u200d\ufeff", "admin"},
		{"c0 and del", "a\x00b\x07c\x7fd", "abcd"},
		{"c1 csi", "a\u009b2Jb", "a2Jb"},
		{"line breaks", "line1\r\nline2\tx", "line1 line2 x"},
		{"invalid utf8", "a\xffb", "a\uFFFDb"},
		{"cjk and emoji stay", "山田 太郎 🙂", "山田 太郎 🙂"},
		{"accents stay", "José Müller", "José Müller"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := String(tt.in); got != tt.want {
				t.Errorf("String(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

// TestStringIssueExample is the display name from issue 2: an OSC title
// change, a clear-screen and a right-to-left override in one value.
func TestStringIssueExample(t *testing.T) {
	in := "Mallory\x1b]0;title\x07 \x1b[2J\u202EO'Neil"
	got := String(in)
	if want := "Mallory O'Neil"; got != want {
		t.Fatalf("String(%q) = %q, want %q", in, got, want)
	}
	assertInert(t, got)
}

func FuzzString(f *testing.F) {
	for _, s := range []string{
		"plain", "\x1b]0;t\x07", "\x1b[2J", "\u202E", "a\r\nb", "\x1bP\x1b\\", "\u009b31m", "\xff\xfe",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		out := String(in)
		assertInert(t, out)
		if String(out) != out {
			t.Errorf("String is not idempotent on %q", in)
		}
	})
}

func assertInert(t *testing.T, s string) {
	t.Helper()
	if strings.ContainsRune(s, 0x1b) {
		t.Errorf("%q still holds ESC", s)
	}
	for _, r := range s {
		if unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			t.Errorf("%q still holds %U", s, r)
		}
	}
}

// FuzzQuoteJSON: Quote draws as printable ASCII alone and decodes to exactly what it
// quoted: the dry run's bodies are shown with it.
func FuzzQuoteJSON(f *testing.F) {
	for _, s := range []string{
		"plain", "a\"b\\c", "\u202Eevil\u202C", "\x1b]52;c;x\x07", "😀", "\U000E0041tag", "\x00\x7f\u0085", "",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		q := QuoteJSON(in)
		for i := 0; i < len(q); i++ {
			if c := q[i]; c < 0x20 || c >= 0x7f {
				t.Fatalf("QuoteJSON(%q) = %q holds byte %#x", in, q, c)
			}
		}
		var back string
		if err := json.Unmarshal([]byte(q), &back); err != nil {
			t.Fatalf("QuoteJSON(%q) = %q is not JSON: %v", in, q, err)
		}
		want := in
		if !utf8.ValidString(in) {
			want = string([]rune(in)) // each invalid byte becomes U+FFFD
		}
		if back != want {
			t.Fatalf("QuoteJSON(%q) decodes to %q", in, back)
		}
	})
}

func TestQuoteEscapesWhatCannotBeDrawn(t *testing.T) {
	got := QuoteJSON("id-\u202E1\"\x1b")
	if want := `"id-\u202e1\"\u001b"`; got != want {
		t.Errorf("QuoteJSON = %s, want %s", got, want)
	}
}

// TestVisibleShowsWhatWouldHide: the characters String removes show as
// their code points; text, accents and scripts stay as typed.
func TestVisibleShowsWhatWouldHide(t *testing.T) {
	for in, want := range map[string]string{
		"plain ticket INC-42":           "plain ticket INC-42",
		"user confirmed travel to Köln": "user confirmed travel to Köln",
		"ok\u202e1gnp.exe":              `ok\u202e1gnp.exe`,
		"zw\u200bsp":                    `zw\u200bsp`,
		"\u2066isolate\u2069":           `\u2066isolate\u2069`,
		"\x1b]52;c;ZXZpbA==\x07":        `\u001b]52;c;ZXZpbA==\u0007`,
		"tag\U000e0041":                 `tag\U000e0041`,
		"two\nlines":                    `two\u000alines`,
		"bad\xffbyte":                   "bad\uFFFDbyte",
		"العربية":                       "العربية",
		"zw\u034fs\ufe0fp-A":            `zw\u034fs\ufe0fp-A`,
		"\u3164name\u115f":              `\u3164name\u115f`,
		"mongol\u180bian\u17b4":         `mongol\u180bian\u17b4`,
		"vs\U000e0100":                  `vs\U000e0100`,
		`typed \u200b`:                  `typed \u005cu200b`,
		`DOMAIN\user`:                   `DOMAIN\user`,
	} {
		got := Visible(in)
		if got != want {
			t.Errorf("Visible(%q) = %q, want %q", in, got, want)
		}
		if String(got) != got {
			t.Errorf("Visible(%q) = %q still holds what String removes", in, got)
		}
	}
}

// TestTextIsBounded: a text from Graph keeps at most MaxText bytes, cut
// on a character boundary and marked, whatever its length; a short one
// is String's.
func TestTextIsBounded(t *testing.T) {
	for _, in := range []string{strings.Repeat("é", 300_000), strings.Repeat("x", 5000), strings.Repeat("\x1b[31m", 1000) + "tail"} {
		got := Text(in)
		if len(got) > MaxText || !utf8.ValidString(got) || !strings.HasSuffix(got, "…") {
			t.Errorf("Text of %d bytes: %d bytes, valid %v, %q at the end", len(in), len(got), utf8.ValidString(got), got[max(0, len(got)-8):])
		}
	}
	if got := Text("Adele\x1b]0;x\x07 Vance"); got != "Adele Vance" {
		t.Errorf("Text = %q", got)
	}
}
