package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// typedKeys are what an analyst's fingers produce when they type without
// looking: every printable character, space, enter and esc; y and the
// verdicts' letters (Sydney, Yes, Denver, Chrome) more often than the
// rest, so that most runs type a y into a verdict's dialog.
func typedKeys() []string {
	out := []string{"enter", "esc", "space"}
	for r := '!'; r <= '~'; r++ {
		out = append(out, string(r))
	}
	for range 12 {
		out = append(out, "y", "S", "C", "D", "enter")
	}
	return out
}

// TestPropertyTypingNeverSends: with random selections on the rows and
// the groups screens, and often a verdict's dialog already open (S, the
// first letter of Sydney), random text with enter and esc typed at a
// human pace (30 to 200 ms a key, on a step clock) never sends a verdict.
// Then a y pressed after the read delay, on a verdict's dialog still
// open, sends nothing while text typed into the dialog shows there; once
// ⌫ has cleared it, it sends exactly once: exactly the IDs the dialog planned, each
// once; a second y sends nothing more.
func TestPropertyTypingNeverSends(t *testing.T) {
	if raceEnabled {
		t.Skip("hundreds of UI sessions are too slow under -race")
	}
	exportDir := t.TempDir()
	rapid.Check(t, func(rt *rapid.T) {
		sim, err := simtenant.Start(simtenant.Options{SignIns: 60, Seed: rapid.Uint64().Draw(rt, "seed"), Now: testNow})
		if err != nil {
			rt.Fatal(err)
		}
		defer sim.Close()
		client, err := graph.New(graph.Options{BaseURL: sim.URL(), BatchSize: 7, Timeout: 5 * time.Second})
		if err != nil {
			rt.Fatal(err)
		}
		now := testNow
		clock := func() time.Time { return now }
		h := newHarness(t, New(Config{Graph: client, Query: graph.DefaultQuery(testNow), Source: "typing",
			Clock: clock, ExportDir: exportDir}), 120, 30)
		h.hurried = true
		h.waitFor("the listing", func() bool { return !h.loading() })
		h.settle()
		after := func(d time.Duration) { now = now.Add(d) }
		press := func(k string) {
			h.update(keyPress(k))
			h.settle()
		}

		// Random selections, on the rows and in the groups.
		for _, s := range rapid.SliceOfN(rapid.SampledFrom([]string{"space", "down", "down", "ctrl+a", "tab", "tab-space", "open-group"}), 0, 8).Draw(rt, "selection") {
			after(time.Second)
			switch s {
			case "tab-space":
				press("tab")
				press("space")
			case "open-group":
				if h.grouped() {
					press("enter")
				}
			default:
				press(s)
			}
		}
		if rapid.Bool().Draw(rt, "dialog first") {
			after(time.Second)
			press(rapid.SampledFrom([]string{"S", "C", "D"}).Draw(rt, "verdict"))
		}
		// The burst: text typed without looking, at a human pace.
		for _, k := range rapid.SliceOfN(rapid.SampledFrom(typedKeys()), 1, 14).Draw(rt, "typed") {
			if h.quit {
				break
			}
			after(time.Duration(rapid.IntRange(30, 200).Draw(rt, "gap ms")) * time.Millisecond)
			press(k)
		}
		if n := len(sim.ActionRequests()); n != 0 || h.sending() {
			rt.Fatalf("typing sent %d requests", n)
		}
		d, open := h.m.top().(*confirmDialog)
		if h.quit || !open || len(d.plan.sent()) == 0 || d.listing || d.noting {
			return
		}
		want := slices.Sorted(slices.Values(d.plan.sent()))
		if d.typed != "" {
			// Typing reached the dialog: a y, however late, does not send
			// until ⌫ takes the typing back.
			after(DefaultReadDelay)
			press("y")
			if n := len(sim.ActionRequests()); n != 0 || h.sending() {
				rt.Fatalf("y sent %d requests with %q typed into the dialog", n, d.typed)
			}
			after(time.Second)
			press("backspace")
		}
		after(DefaultReadDelay)
		press("y")
		h.waitFor("the dispatch", func() bool { return !h.sending() })
		var got []string
		for _, r := range sim.ActionRequests() {
			got = append(got, r.IDs...)
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			rt.Fatalf("y after the read delay sent %v, want each of %v once", got, want)
		}
		sent := len(sim.ActionRequests())
		after(DefaultReadDelay)
		press("y")
		if n := len(sim.ActionRequests()); n != sent {
			rt.Fatalf("a second y sent %d more requests", n-sent)
		}
	})
}

// TestANoteTypedTooSoonStaysInTheDialog: D, then N and a note typed in one
// burst (N too soon, so dropped): the letters do not cancel the dialog and
// run on the rows below (n cancelling, space unselecting, q quitting);
// the dialog keeps them all, shows those that are none of its keys (n
// and l, dropped as too soon, are not), and nothing is sent.
func TestANoteTypedTooSoonStaysInTheDialog(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	now := testNow
	h := newHarness(t, New(Config{Graph: e.client, Query: graph.DefaultQuery(testNow), Source: "test", Clock: func() time.Time { return now }}), 120, 30)
	h.hurried = true
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	selectFirst(h, 3)
	h.press(dismissKey)
	for _, k := range append([]string{"N"}, strings.Split("no action, quarantine lifted", "")...) {
		if k == " " {
			k = "space"
		}
		now = now.Add(80 * time.Millisecond)
		h.update(keyPress(k))
		h.settle()
	}
	if h.quit || !h.dialogOpen() || h.selectedCount() != 3 || len(e.sim.ActionRequests()) != 0 {
		t.Fatalf("the burst escaped the dialog: quit %v, dialog %v, selected %d, requests %d",
			h.quit, h.dialogOpen(), h.selectedCount(), len(e.sim.ActionRequests()))
	}
	if !strings.Contains(h.prose(), `Typed here, not an answer: "o actio, quaratie ifted"`) {
		t.Errorf("the dialog does not show what was typed into it:\n%s", h.screen())
	}
}

// TestAWordTypedSlowlyNeverSends: "Say" typed with pauses longer than
// the read delay between the letters: S opens the dialog, a is none of
// its keys, so the y after it does not send, however long the pause;
// the dialog shows what was typed. ⌫ clears it, and a y after a pause
// then sends.
func TestAWordTypedSlowlyNeverSends(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	now := testNow
	h := newHarness(t, New(Config{Graph: e.client, Query: graph.DefaultQuery(testNow), Source: "test", Clock: func() time.Time { return now }}), 100, 30)
	h.hurried = true
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	selectFirst(h, 1)
	slowly := func(k string) { now = now.Add(2 * DefaultReadDelay); h.update(keyPress(k)); h.settle() }
	for _, k := range []string{safeKey.Keys()[0], "a", keys.Yes.Keys()[0]} {
		slowly(k)
	}
	if n := len(e.sim.ActionRequests()); n != 0 || !h.dialogOpen() {
		t.Fatalf("S, a, y typed slowly: %d requests, dialog open %v", n, h.dialogOpen())
	}
	if !strings.Contains(h.prose(), `Typed here, not an answer: "a"`) {
		t.Errorf("the dialog does not show the typing:\n%s", h.screen())
	}
	slowly("backspace")
	slowly(keys.Yes.Keys()[0])
	h.waitFor("the dispatch", func() bool { return len(e.sim.ActionRequests()) > 0 })
}
