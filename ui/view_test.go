package ui

import (
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// hostileName carries an OSC title change (ESC ] 0 ; title BEL), a
// clear-screen (ESC [ 2J) and a right-to-left override (U+202E).
const hostileName = "Mallory\x1b]0;title\x07 \x1b[2J\u202Eevil"

func hostileSignIn() simtenant.SignIn {
	return simtenant.SignIn{
		ID: "0bad0bad-0000-4000-8000-000000000001", CreatedDateTime: testNow.Add(-time.Minute),
		UserDisplayName: hostileName, UserPrincipalName: "", AppDisplayName: "Evil\x1b]52;c;ZXZpbA==\x07App",
		IPAddress: "203.0.113.66", RiskLevelAggregated: "high", RiskLevelDuringSignIn: "high", RiskState: "atRisk",
		RiskDetail: "none", RiskEventTypesV2: []string{"anonymizedIPAddress"}, ConditionalAccessStatus: "notApplied",
		Location:      simtenant.Location{City: "Nowhere\r\nFake", CountryOrRegion: "ZZ"},
		IsInteractive: true,
	}
}

// onlySGR matches the escape sequences lipgloss writes for colour and
// weight; any other sequence in a view came from data.
var onlySGR = regexp.MustCompile(`\x1b\[[0-9;:]*m`)

func TestHostileStringsAreDrawnAsPlainText(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 5}, 0)
	e.sim.Add(hostileSignIn())
	h := newHarness(t, e.model(graph.Query{}), 200, 30)
	h.waitFor("the listing", func() bool { return !h.loading() })

	raw := h.m.View().Content
	rest := onlySGR.ReplaceAllString(raw, "")
	for _, bad := range []string{"\x1b", "\x07", "\u202e", "\r"} {
		if strings.Contains(rest, bad) {
			t.Errorf("the view carries %q from the data", bad)
		}
	}
	screen := h.screen()
	for _, want := range []string{"Mallory evil", "EvilApp", "Nowhere F"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "0;title") || strings.Contains(screen, "ZXZpbA") {
		t.Errorf("escape parameters leaked into the screen:\n%s", screen)
	}
}

// TestViewFitsEveryWidth: no line is wider than the terminal, the header
// and the help are always there, and a row never wraps.
func TestViewFitsEveryWidth(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	e.sim.Add(simtenant.SignIn{
		ID: "0000wide-0000-4000-8000-000000000001", CreatedDateTime: testNow.Add(-2 * time.Minute),
		UserPrincipalName: "山田太郎🙂" + strings.Repeat("x", 10000) + "@contoso.com", AppDisplayName: "アプリ",
		RiskLevelAggregated: "low", RiskState: "atRisk", RiskDetail: "none", ConditionalAccessStatus: "notApplied",
		IsInteractive: true,
	})
	h := newHarness(t, e.model(graph.DefaultQuery(testNow)), 80, 24)
	h.waitFor("the listing", func() bool { return !h.loading() })
	for _, size := range [][2]int{{60, 14}, {80, 24}, {100, 30}, {140, 40}, {200, 50}, {233, 61}} {
		h.update(teaSize(size[0], size[1]))
		lines := strings.Split(h.m.View().Content, "\n")
		if len(lines) != size[1] {
			t.Errorf("%dx%d: %d lines", size[0], size[1], len(lines))
		}
		for i, l := range lines {
			if w := ansi.StringWidth(l); w > size[0] {
				t.Errorf("%dx%d: line %d is %d wide: %q", size[0], size[1], i, w, ansi.Strip(l))
			}
		}
		screen := ansi.Strip(h.m.View().Content)
		// From 80 columns the help line fits whole; at 60 it ends in "…".
		helpShown := strings.Contains(screen, "? help") && strings.Contains(screen, "q quit")
		if size[0] < 80 {
			helpShown = strings.Contains(screen, "space select")
		}
		if !strings.Contains(screen, "signin-triage") || !strings.Contains(screen, "Selected 0") || !helpShown {
			t.Errorf("%dx%d: header or help missing:\n%s", size[0], size[1], screen)
		}
	}
}

func TestTooSmallTerminalSaysWhatToDo(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 5}, 0)
	h := newHarness(t, e.model(graph.Query{}), 50, 10)
	h.settle()
	screen := h.screen()
	if !strings.Contains(screen, "50×10") || !strings.Contains(screen, "at least 60×14") || !strings.Contains(screen, "Enlarge") {
		t.Fatalf("screen:\n%s", screen)
	}
	h.update(teaSize(80, 24))
	if h.loaded() != 5 || !strings.Contains(h.screen(), "Loaded 5") {
		t.Fatalf("growing the terminal lost rows:\n%s", h.screen())
	}
}

// TestGoldenViews pins the whole screen, as text, at 80 and 200 columns:
// after a selection, in the dialog, and after a dispatch with a failure.
func TestGoldenViews(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 45}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			e := newEnv(t, simtenant.Options{SignIns: 80}, 2)
			h := loaded(t, e, size[0], size[1])
			ids := selectFirst(h, 4)
			h.press(keys.Down, keys.Toggle)
			var b strings.Builder
			fmt.Fprintf(&b, "== selected\n%s\n", h.screen())
			h.press(safeKey)
			fmt.Fprintf(&b, "== dialog\n%s\n", h.screen())
			e.sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids[2:3], Status: 503, RetryAfter: "0"})
			h.press(keys.Yes)
			h.settle()
			h.press(keys.Top, keys.Down, keys.Down)
			fmt.Fprintf(&b, "== after\n%s\n", h.screen())
			golden.RequireEqual(t, []byte(stripSpinner(b.String())))
		})
	}
}

// stripSpinner blanks the spinner glyphs, which depend on timing.
func stripSpinner(s string) string {
	return regexp.MustCompile(`[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]`).ReplaceAllString(s, "*")
}

// TestGroupsGolden pins the grouped view, by user and by IP, at 80 and 200
// columns.
func TestGroupsGolden(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 45}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			e := newEnv(t, simtenant.Options{SignIns: 120}, 0)
			h := loaded(t, e, size[0], size[1])
			h.press(keys.Group)
			var b strings.Builder
			fmt.Fprintf(&b, "== by user\n%s\n", h.screen())
			h.press(keys.GroupBy, keys.Down, keys.Toggle)
			fmt.Fprintf(&b, "== by IP, second group selected\n%s\n", h.screen())
			golden.RequireEqual(t, []byte(stripSpinner(b.String())))
		})
	}
}
