package theme

import (
	"testing"
)

func TestDarkAndLightDiffer(t *testing.T) {
	dark, light := NewPalette(true), NewPalette(false)
	if dark.Text == light.Text || dark.CursorBg == light.CursorBg || dark.Primary == light.Primary {
		t.Fatal("dark and light palettes share their main colours")
	}
}

// TestStylesKeepText: a style may colour and embolden, never change the
// words, which carry the meaning on their own.
func TestStylesKeepText(t *testing.T) {
	s := New(true)
	for name, st := range map[string]interface{ Render(...string) string }{
		"RiskHigh": s.RiskHigh, "Failed": s.Failed, "StateSafe": s.StateSafe, "CursorRow": s.CursorRow, "Mark": s.Mark,
	} {
		if got := stripSGR(st.Render("✗ failed 503")); got != "✗ failed 503" {
			t.Errorf("%s renders %q", name, got)
		}
	}
}

func stripSGR(s string) string {
	out := []rune{}
	in := false
	for _, r := range s {
		switch {
		case r == 0x1b:
			in = true
		case in && r == 'm':
			in = false
		case !in:
			out = append(out, r)
		}
	}
	return string(out)
}
