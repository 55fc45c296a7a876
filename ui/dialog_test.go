package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/theme"
)

// sendingProgram runs the real program with three rows being confirmed
// safe one request at a time, the first request held by the tenant, and
// the quit dialog open over it.
func sendingProgram(t *testing.T) (env, *teatest.TestModel, func()) {
	t.Helper()
	e := newEnv(t, simtenant.Options{SignIns: 60}, 1)
	tm := teatest.NewTestModel(t, e.model(graph.DefaultQuery(testNow)),
		teatest.WithInitialTermSize(140, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	waitOutput(t, tm, "complete)")
	release := e.sim.HoldPage(0)
	t.Cleanup(release)
	for _, b := range []key.Binding{keys.Toggle, keys.Toggle, keys.Toggle, safeKey} {
		tm.Send(keyPress(b.Keys()[0]))
	}
	waitOutput(t, tm, "Confirm safe 3 sign-ins?")
	readDialog()
	tm.Send(keyPress(keys.Yes.Keys()[0]))
	waitFor(t, "the first request", func() bool { return len(e.sim.ActionRequests()) == 1 })
	tm.Send(keyPress(keys.Quit.Keys()[0]))
	waitOutput(t, tm, "Quit while sending?")
	return e, tm, release
}

// TestQuitDialogReflexKeysLetTheRequestFinish: in the quit dialog, enter
// does nothing and a second q means "finish the request in flight, then
// quit": the tenant answers that request, its sign-in shows confirmed,
// and no other request goes out.
func TestQuitDialogReflexKeysLetTheRequestFinish(t *testing.T) {
	e, tm, release := sendingProgram(t)
	tm.Send(keyPress("enter"))
	tm.Send(keyPress(keys.Quit.Keys()[0])) // the second q
	waitOutput(t, tm, "QUITTING when the request in flight ends")
	if reqs := e.sim.ActionRequests(); len(reqs) != 1 || reqs[0].Status != 0 {
		t.Fatalf("before the release the tenant has %+v, want the one request still held", reqs)
	}
	release()
	final := inspect(tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model))
	reqs := e.sim.ActionRequests()
	if len(reqs) != 1 || reqs[0].Status != 204 {
		t.Fatalf("the tenant received %+v, want the request in flight, answered 204, and no other", reqs)
	}
	sent := reqs[0].IDs[0]
	if o := final.outcome(sent); o.kind != outcomeAccepted {
		t.Errorf("the request in flight shows %v, want confirmed", o.kind)
	}
	if s := final.signIn(sent); s == nil || s.RiskState != graph.RiskStateConfirmedSafe {
		t.Errorf("the row of the request in flight is %+v", s)
	}
	screen := ansi.Strip(final.m.View().Content)
	if !strings.Contains(screen, "✓ sent") || !strings.Contains(screen, "confirmedSafe") || !strings.Contains(screen, "✗ not sent") {
		t.Errorf("the screen does not show the outcomes:\n%s", screen)
	}
}

// TestQuitDialogCutsOffOnlyOnItsKey: the key the dialog names for it
// quits at once, while the tenant still holds the request: the program
// never saw its answer.
func TestQuitDialogCutsOffOnlyOnItsKey(t *testing.T) {
	e, tm, _ := sendingProgram(t)
	if !strings.Contains(keys.QuitNow.Help().Key, keys.QuitNow.Keys()[0]) {
		t.Fatalf("the footer names %q for quitting now, the key is %q", keys.QuitNow.Help().Key, keys.QuitNow.Keys()[0])
	}
	tm.Send(keyPress(keys.QuitNow.Keys()[0]))
	final := inspect(tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model))
	reqs := e.sim.ActionRequests()
	if len(reqs) != 1 {
		t.Fatalf("the tenant has %+v, want the one request that was in flight", reqs)
	}
	if o := final.outcome(reqs[0].IDs[0]); o.kind == outcomeAccepted {
		t.Error("a request cut off shows confirmed")
	}
}

// askQuitWhileSending confirms the first n rows safe, batch at a time,
// with the tenant holding the first request, and presses q: the quit
// dialog is open over a dispatch in flight. release lets the tenant answer.
func askQuitWhileSending(h *harness, e env, n int) (release func()) {
	h.t.Helper()
	selectFirst(h, n)
	release = e.sim.HoldPage(0)
	h.t.Cleanup(release)
	h.update(keyPress(safeKey.Keys()[0]))
	h.key(keys.Yes)
	h.waitFor("the first request", func() bool { return len(e.sim.ActionRequests()) == 1 })
	h.update(keyPress(keys.Quit.Keys()[0]))
	return release
}

// TestQuitDialogFooterNamesItsKeys: the footer under the quit dialog
// offers exactly the dialog's three answers, none of them enter.
func TestQuitDialogFooterNamesItsKeys(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 1)
	h := loaded(t, e, 140, 40)
	askQuitWhileSending(h, e, 3)
	lines := strings.Split(h.screen(), "\n")
	footer := lines[len(lines)-1]
	for _, b := range []key.Binding{keys.FinishThenQuit, keys.QuitNow, keys.No} {
		if !strings.Contains(footer, b.Help().Key) {
			t.Errorf("the footer %q lacks %q", footer, b.Help().Key)
		}
	}
	if strings.Contains(footer, "enter") || strings.Contains(footer, keys.Yes.Help().Desc) {
		t.Errorf("the footer %q offers enter or sending", footer)
	}
	h.update(keyPress("enter"))
	if !h.quitAsked() || h.quit {
		t.Fatal("enter answered the quit dialog")
	}
}

// waitFor polls cond for up to 15 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// TestQuitDialogClosesWhenTheDispatchEnds: the last request ending while
// the quit dialog is open takes the question away; q then quits at once,
// rather than waiting for a dispatch that already ended.
func TestQuitDialogClosesWhenTheDispatchEnds(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	h := loaded(t, e, 140, 40)
	release := askQuitWhileSending(h, e, 2)
	if !h.quitAsked() {
		t.Fatal("q while sending did not ask")
	}
	release()
	h.waitFor("the dispatch to end", func() bool { return !h.sending() })
	h.settle()
	if h.quitAsked() || h.quit || !strings.Contains(h.prose(), "The dispatch ended: nothing is in flight.") {
		t.Fatalf("after the dispatch ended:\n%s", h.screen())
	}
	h.update(keyPress(keys.Quit.Keys()[0]))
	h.waitFor("q to quit at once", func() bool { return h.quit })
}

// TestExportDialogCountsARangeInProgress: a range being drawn counts as
// selected in the export dialog, as it does when exported.
func TestExportDialogCountsARangeInProgress(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	h := loaded(t, e, 140, 40)
	h.press(keys.Range, keys.Down, keys.Down, keys.Down, keys.Export)
	if !strings.Contains(h.prose(), "the 4 selected sign-ins") {
		t.Errorf("the export dialog:\n%s", h.screen())
	}
}

// TestATallDialogKeepsTheFooter: on a short terminal, a dialog taller than
// the body is cut at the body's foot: the screen keeps its height, and the
// footer that names the dialog's keys stays.
func TestATallDialogKeepsTheFooter(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	h := loaded(t, e, 80, 24)
	h.press(keys.Toggle, compromisedKey)
	lines := strings.Split(h.screen(), "\n")
	if len(lines) != 24 || !strings.Contains(lines[23], keys.Yes.Help().Key) {
		t.Fatalf("%d lines, the last %q:\n%s", len(lines), lines[len(lines)-1], h.screen())
	}
}

// TestATallDialogKeepsItsTitleKeysAndFrame: a dialog taller than the body
// is laid out wider, then without blank lines, then cut in the middle,
// saying so; its title, its keys and its frame always show.
func TestATallDialogKeepsItsTitleKeysAndFrame(t *testing.T) {
	st := theme.New(true)
	lines := []string{"Confirm safe 300 sign-ins?", ""}
	for i := range 30 {
		lines = append(lines, fmt.Sprintf("user%02d@contoso.com", i), "")
	}
	text := strings.Join(append(lines, "y/enter send · n/esc cancel"), "\n")
	for _, height := range []int{8, 14, 40, 80} {
		box := ansi.Strip(dialogBox(st.Dialog, text, 72, 76, height))
		got := strings.Split(box, "\n")
		if len(got) > height {
			t.Errorf("height %d: the dialog takes %d lines", height, len(got))
		}
		if !strings.Contains(got[0], "╔") || !strings.Contains(got[len(got)-1], "╚") ||
			!strings.Contains(box, "Confirm safe 300 sign-ins?") || !strings.Contains(box, "y/enter send") {
			t.Errorf("height %d: the title, the keys or the frame is missing:\n%s", height, box)
		}
		if cut := !strings.Contains(box, "user29@"); cut != strings.Contains(box, "more lines: enlarge the terminal") {
			t.Errorf("height %d: cut %v, and the dialog says so %v:\n%s", height, cut, !cut, box)
		}
	}
}

// TestADialogTooSmallToReadSendsNothing: in a terminal too small for the
// confirm dialog, y does not send: it says to enlarge the terminal, and
// sends once the dialog can be read.
func TestADialogTooSmallToReadSendsNothing(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 0)
	h := loaded(t, e, 60, 14)
	h.press(keys.SelectAll, keys.Top, keys.Toggle, compromisedKey) // many users: a long dialog
	if !h.dialogOpen() {
		t.Fatalf("no dialog:\n%s", h.screen())
	}
	h.press(keys.Yes)
	if n := len(e.sim.ActionRequests()); n != 0 || !h.dialogOpen() {
		t.Fatalf("y sent %d requests from a dialog cut short", n)
	}
	if !strings.Contains(h.prose(), "enlarge the terminal") {
		t.Errorf("y does not say why it waits:\n%s", h.screen())
	}
	// Enlarged, the dialog is whole, and must be read again: the first y
	// is too soon.
	h.update(teaSize(160, 50))
	h.update(keyPress(keys.Yes.Keys()[0])) // at once, not read
	h.settle()
	if n := len(e.sim.ActionRequests()); n != 0 || !strings.Contains(h.prose(), "Too soon: key dropped") {
		t.Fatalf("y sent %d requests as the dialog first showed whole:\n%s", n, h.screen())
	}
	h.press(keys.Yes)
	h.waitFor("the dispatch", func() bool { return len(e.sim.ActionRequests()) > 0 })
}

// TestNoKeyActsUnseenInATooSmallTerminal: below the smallest layout only
// the request to enlarge is drawn; S and enter there open and answer
// nothing, and q still quits.
func TestNoKeyActsUnseenInATooSmallTerminal(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	h := loaded(t, e, 120, 40)
	selectFirst(h, 3)
	h.update(teaSize(59, 45))
	h.press(safeKey, keys.Yes)
	if h.dialogOpen() || len(e.sim.ActionRequests()) != 0 {
		t.Fatalf("keys acted in a terminal too small to show them: dialog %v, %d requests", h.dialogOpen(), len(e.sim.ActionRequests()))
	}
	if !strings.Contains(h.screen(), "Enlarge the window") {
		t.Errorf("the screen does not ask to enlarge:\n%s", h.screen())
	}
}

// TestTheRecordSaysWhereACutOffDispatchStopped: X while the first of
// three requests is in flight: the record at exit says the dispatch
// stopped after request 1 of 3, with the one cut off and the two never
// sent.
func TestTheRecordSaysWhereACutOffDispatchStopped(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 1)
	h := loaded(t, e, 140, 40)
	askQuitWhileSending(h, e, 3)
	// The program ends with this key: no message after it is handled, so
	// the record is read at once, as Run prints it.
	h.update(keyPress(keys.QuitNow.Keys()[0]))
	record := strings.Join(strings.Fields(h.record()), " ")
	want := "✗ confirmSafe stopped after request 1 of 3 (the session ended while it was in flight): 0 accepted, 0 failed, 1 cut off (unknown: check them before sending again), 2 not sent."
	if !strings.Contains(record, want) {
		t.Errorf("the record lacks %q:\n%s", want, h.record())
	}
}

// TestADialogCutAndWholeAgainIsReadAgain: a dialog read whole, then cut
// by a smaller terminal and whole again at the first size, takes y only
// after the read delay from when it was whole again.
func TestADialogCutAndWholeAgainIsReadAgain(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 250}, 0)
	now := testNow
	h := newHarness(t, New(Config{Graph: e.client, Query: graph.DefaultQuery(testNow), Source: "test", Clock: func() time.Time { return now }}), 80, 24)
	h.hurried = true
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	h.update(keyPress(keys.SelectAll.Keys()[0]))
	h.update(keyPress(dismissKey.Keys()[0]))
	if !h.dialogOpen() {
		t.Fatal("no dialog")
	}
	now = now.Add(time.Second) // read
	h.update(teaSize(80, 12))  // cut
	now = now.Add(time.Second)
	h.update(teaSize(80, 24)) // whole again
	now = now.Add(10 * time.Millisecond)
	h.update(keyPress(keys.Yes.Keys()[0]))
	h.settle()
	if n := len(e.sim.ActionRequests()); n != 0 {
		t.Fatalf("y 10 ms after the dialog was whole again sent %d requests", n)
	}
	now = now.Add(DefaultReadDelay)
	h.update(keyPress(keys.Yes.Keys()[0]))
	h.waitFor("the dispatch", func() bool { return len(e.sim.ActionRequests()) > 0 })
}

// TestAnEarlyKeyOrANoteKeepsTheSprayDialogWhole: at 80×24, the whole
// spray's confirm compromised (the tallest dialog the demo offers) still
// fits after a key came too soon and with a note typed, so y sends.
func TestAnEarlyKeyOrANoteKeepsTheSprayDialogWhole(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 250}, 0)
	now := testNow
	h := newHarness(t, New(Config{Graph: e.client, Query: graph.DefaultQuery(testNow), Source: "test", Clock: func() time.Time { return now }}), 80, 24)
	h.hurried = true
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	h.press(keys.Filter)
	h.typeText("ip:" + sprayIP)
	h.press(keys.FilterApply, keys.SelectAll, compromisedKey)
	type_ := func(k string) { now = now.Add(50 * time.Millisecond); h.update(keyPress(k)); h.settle() }
	type_("y") // too soon: dropped
	if !strings.Contains(h.prose(), "Too soon: key dropped") {
		t.Fatalf("the dialog does not say the key was dropped:\n%s", h.screen())
	}
	now = now.Add(time.Second)
	type_(keys.Note.Keys()[0])
	for _, r := range "INC-4711 spray, passwords known" {
		type_(string(r))
	}
	type_(keys.Apply.Keys()[0])
	d, _ := h.m.top().(*confirmDialog)
	if d == nil || !d.fits() {
		t.Fatalf("the dialog no longer fits 80x24:\n%s", h.screen())
	}
	now = now.Add(DefaultReadDelay)
	h.update(keyPress(keys.Yes.Keys()[0]))
	h.waitFor("the dispatch", func() bool { return len(e.sim.ActionRequests()) > 0 })
	if reqs := e.sim.ActionRequests(); len(reqs[0].IDs) != 30 {
		t.Errorf("sent %d IDs, want the spray's 30", len(reqs[0].IDs))
	}
}
