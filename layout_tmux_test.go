package main

import (
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestEightyByTwentyFour: the demo in a real 80×24 terminal, idle after
// the listing: at least 15 sign-in rows are on screen, each with its
// country code whole in its own column.
func TestEightyByTwentyFour(t *testing.T) {
	requireTerminal(t)
	dir, bin := buildBinary(t)
	term := runProgram(t, 80, 24, bin, filepath.Join(dir, "state"), nil)
	term.waitFor("the listing", "complete)")
	lines := strings.Split(term.screen(), "\n")
	header := []rune(lines[2])
	cc := strings.Index(string(header), " CC ") // the titles are ASCII: bytes are cells
	if cc < 0 {
		t.Fatalf("no CC column at 80 columns:\n%s", term.screen())
	}
	cc++
	code := regexp.MustCompile(`^[A-Z]{2}$`)
	rows := 0
	for _, line := range lines[3:] {
		if strings.HasPrefix(line, "─") || strings.TrimSpace(line) == "" {
			break
		}
		cells := []rune(line) // every glyph on a row is one cell wide
		if len(cells) < cc+2 || !code.MatchString(string(cells[cc:cc+2])) {
			t.Errorf("row %d has no country code under CC: %q", rows+1, line)
		}
		rows++
	}
	if rows < 15 {
		t.Errorf("%d sign-in rows at 80×24, want at least 15:\n%s", rows, term.screen())
	}
	for _, want := range []string{"TIME (UTC)", "USER", "IP", "RISK", "RESULT"} {
		if !strings.Contains(lines[2], want) {
			t.Errorf("the column %s is missing at 80 columns: %q", want, lines[2])
		}
	}
}
