package main

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// wideNames are users whose names take more cells by code points, as tmux
// draws them, than by grapheme clusters: Thai SARA AM, Devanagari
// conjuncts and vowel signs, emoji with skin-tone modifiers.
var wideNames = []string{
	"สมชายกำแพง@contoso.com",
	"ทำนำจำคำ.กำลังดำ@contoso.com",
	"क्षत्रिय.नमस्ते@contoso.com",
	"👍🏽ok@contoso.com",
	"👍🏽👍🏾👍🏿👋🏻👋🏼👍🏽👍🏾👍🏿👋🏻👋🏼@contoso.com",
}

// TestWideNamesKeepTheirColumns: in a real terminal at 80 and at 160
// columns, with those users' sign-ins on top of the listing, RISK and
// RESULT sit under their titles on every row. Cells are counted as tmux
// draws them (tmuxCells), not by the program's own measure.
func TestWideNamesKeepTheirColumns(t *testing.T) {
	requireTerminal(t)
	dir, bin := buildBinary(t)
	for _, width := range []int{80, 160} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			sim, err := simtenant.Start(simtenant.Options{SignIns: 40, Seed: 3})
			if err != nil {
				t.Fatal(err)
			}
			defer sim.Close()
			for i, name := range wideNames {
				sim.Add(simtenant.SignIn{
					ID: fmt.Sprintf("0dd0dd00-0000-4000-8000-%012d", i), CreatedDateTime: time.Now().Add(-time.Duration(i+1) * time.Second),
					IsInteractive: true, UserDisplayName: name, UserPrincipalName: name, AppDisplayName: "Microsoft Teams",
					IPAddress: "203.0.113.9", RiskLevelAggregated: "high", RiskLevelDuringSignIn: "high",
					RiskState: "atRisk", RiskDetail: "none", RiskEventTypesV2: []string{"unfamiliarFeatures"},
					Location: simtenant.Location{City: "Bangkok", CountryOrRegion: "TH"},
				})
			}
			term := runProgram(t, width, 30, bin, filepath.Join(dir, fmt.Sprint("state", width)), sim)
			term.waitFor("the listing", "complete)")
			screen := term.screen()
			defer func() {
				if t.Failed() {
					t.Log("\n" + screen)
				}
			}()
			lines := strings.Split(screen, "\n")
			header := lines[2] // ASCII: a byte is a cell
			risk, result := strings.Index(header, " RISK ")+1, strings.Index(header, " RESULT")+1
			if risk == 0 || result == 0 {
				t.Fatalf("no RISK or RESULT title at %d columns:\n%s", width, screen)
			}
			rows := 0
			for i, line := range lines[3:] {
				if strings.HasPrefix(line, "─") || strings.TrimSpace(line) == "" {
					break
				}
				rows++
				cells := tmuxCells(t, line)
				if i < len(wideNames) && !strings.Contains(line, string([]rune(wideNames[i])[:3])) {
					t.Errorf("row %d is not %s's: %q", i+1, wideNames[i], line)
				}
				if got := wordAt(cells, risk); !slices.Contains([]string{"high", "medium", "low", "none", "hidden", "–"}, got) {
					t.Errorf("row %d reads %q under RISK (cell %d): %q", i+1, got, risk, line)
				}
				if got := wordAt(cells, result); !slices.Contains([]string{"✓", "◐", "✗", "?", "success", "interrupted", "failure"}, got) {
					t.Errorf("row %d reads %q under RESULT (cell %d): %q", i+1, got, result, line)
				}
			}
			if rows < len(wideNames) {
				t.Errorf("%d rows on screen, want at least %d:\n%s", rows, len(wideNames), screen)
			}
		})
	}
}

// wordAt is the word that starts at cell at, which must follow a blank
// cell (the gap between columns); "" when it does not.
func wordAt(cells []string, at int) string {
	if at < 1 || at >= len(cells) || cells[at-1] != " " {
		return ""
	}
	var b strings.Builder
	for _, c := range cells[at:] {
		if c == " " {
			break
		}
		b.WriteString(c)
	}
	return b.String()
}

// tmuxCells lays a captured line out in cells as tmux 3.3a draws it (its
// widths measured in docs/terminal.md): one cell a code point, two for an
// emoji (the skin-tone modifiers included), none for a combining mark,
// which joins the cell before. The second cell of a wide glyph is "".
// Runes of other scripts fail the test rather than be guessed at.
func tmuxCells(t *testing.T, line string) []string {
	t.Helper()
	var cells []string
	for _, r := range line {
		switch {
		case unicode.In(r, unicode.Mn, unicode.Me) && len(cells) > 0:
			cells[len(cells)-1] += string(r)
		case r >= 0x1F300 && r <= 0x1FAFF:
			cells = append(cells, string(r), "")
		case r < 0x250, unicode.In(r, unicode.Thai, unicode.Devanagari), strings.ContainsRune("▸●◐✓✗○◆◇…–─│", r):
			cells = append(cells, string(r))
		default:
			t.Fatalf("no known width for %U in %q", r, line)
		}
	}
	return cells
}
