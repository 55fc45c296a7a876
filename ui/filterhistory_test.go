package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/ui/filter"
)

// TestSlashStartsAFreshFilterAndUpBringsBackThePrevious runs the
// program: a filter kept with enter, then / opens an empty input (the
// placeholder shows, and every row is in view), and ↑ brings the kept
// filter back, applied.
func TestSlashStartsAFreshFilterAndUpBringsBackThePrevious(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120, Seed: 1}, 0)
	tm := teatest.NewTestModel(t, e.model(graph.DefaultQuery(testNow)), teatest.WithInitialTermSize(120, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	waitOutput(t, tm, "complete)")
	typeKeys := func(keys ...string) {
		for _, k := range keys {
			tm.Send(keyPress(k))
		}
	}
	typeKeys("/")
	typeKeys(strings.Split("ip:185.220", "")...)
	typeKeys("enter")
	waitOutput(t, tm, "ip:185.220\x1b[m (/ ↑ edits)")
	typeKeys("/")
	waitOutput(t, tm, filter.Placeholder()[6:30]) // empty: the placeholder shows
	typeKeys("up")
	waitOutput(t, tm, "ip:185.220\x1b[7m \x1b[m") // brought back, the cursor after it
	typeKeys("enter", "q")
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	if got := m.find.filter.String(); got != "ip:185.220" {
		t.Fatalf("the filter in force is %q, want the one ↑ brought back", got)
	}
	want := 0
	for _, s := range m.table.rows {
		if strings.Contains(s.IP, "185.220") {
			want++
		}
	}
	if want == 0 || want == m.table.len() || m.table.shownLen() != want {
		t.Fatalf("%d of %d shown, want the %d from 185.220", m.table.shownLen(), m.table.len(), want)
	}
	if h := m.find.history; len(h) != 1 || h[0] != "ip:185.220" {
		t.Errorf("the history is %q", h)
	}
}

// TestFilterHistorySteps: the harness steps through three kept filters
// with ↑ and ↓, each applied as it shows; ↓ past the newest brings back
// what was being typed; a filter kept twice is kept once, as the newest.
func TestFilterHistorySteps(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60, Seed: 1}, 0)
	h := newHarness(t, e.model(graph.DefaultQuery(testNow)), 100, 30)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	for _, f := range []string{"risk:high", "risk:low", "risk:high"} {
		h.key(keys.Filter)
		h.typeText(f)
		h.key(keys.FilterApply)
	}
	if got := h.m.find.history; strings.Join(got, ",") != "risk:low,risk:high" {
		t.Fatalf("history %q", got)
	}
	h.key(keys.Filter)
	if h.m.find.input.Value() != "" || h.filterText() != "" || h.shownLen() != h.loaded() {
		t.Fatalf("/ did not start fresh: %q in force, %d of %d shown", h.filterText(), h.shownLen(), h.loaded())
	}
	h.typeText("user:a")
	up, down := keyPress("up"), keyPress("down")
	for _, want := range []string{"risk:high", "risk:low", "risk:low"} {
		h.update(up)
		if h.m.find.input.Value() != want || h.filterText() != want {
			t.Fatalf("↑ shows %q, applies %q; want %q", h.m.find.input.Value(), h.filterText(), want)
		}
	}
	h.update(down)
	h.update(down)
	if h.m.find.input.Value() != "user:a" || h.filterText() != "user:a" {
		t.Fatalf("↓ past the newest shows %q, want the draft", h.m.find.input.Value())
	}
	h.key(keys.FilterClear)
	if h.filterText() != "" {
		t.Errorf("esc left %q in force", h.filterText())
	}
}
