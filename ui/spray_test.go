package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// sprayIP is the demo's password spray.
const sprayIP = "185.220.101.47"

// TestSprayDismissDialogAt80x24 pins the dialog an analyst sees at the
// smallest size when the whole spray is selected and D pressed: the
// breakdown by how the sign-ins ended and the "right password" warning,
// whole, frame and keys included.
func TestSprayDismissDialogAt80x24(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 250}, 0)
	h := newHarness(t, New(Config{Graph: e.client, Query: graph.DefaultQuery(testNow), Source: "test tenant",
		Now: func() time.Time { return testNow }}), 80, 24)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	h.press(keys.Filter)
	h.typeText("ip:" + sprayIP)
	h.press(keys.FilterApply, keys.SelectAll, dismissKey)
	d, ok := h.m.top().(*confirmDialog)
	if !ok || !d.fits() {
		t.Fatalf("the spray's dialog does not fit 80x24:\n%s", h.screen())
	}
	screen := h.screen()
	for _, want := range []string{"Dismiss 30 sign-ins?", "╚", "y send"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen lacks %q:\n%s", want, screen)
		}
	}
	for _, want := range []string{"Ended: 5 succeeded, 2 right password then stopped, 23 wrong password.",
		"7 had the right password: dismissing says the attacker did not get in."} {
		if !strings.Contains(h.prose(), want) {
			t.Errorf("the dialog lacks %q:\n%s", want, screen)
		}
	}
	golden.RequireEqual(t, []byte(screen))
}

// TestSprayDismissSendsFromTheRealProgramAt80x24: the same in the real
// program at 80×24: the dialog shows whole, the warning informs and does
// not block, and y after the read delay sends all 30.
func TestSprayDismissSendsFromTheRealProgramAt80x24(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 250}, 0)
	tm := teatest.NewTestModel(t, e.model(graph.DefaultQuery(testNow)), teatest.WithInitialTermSize(80, 24),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	waitOutput(t, tm, "complete)")
	tm.Send(keyPress(keys.Filter.Keys()[0]))
	for _, r := range "ip:" + sprayIP {
		tm.Send(keyPress(string(r)))
	}
	for _, b := range []string{keys.FilterApply.Keys()[0], keys.SelectAll.Keys()[0], dismissKey.Keys()[0]} {
		tm.Send(keyPress(b))
	}
	waitOutput(t, tm, "dismissing says the")
	readDialog()
	tm.Send(keyPress(keys.Yes.Keys()[0]))
	waitOutput(t, tm, "dismiss done: 30 accepted")
	tm.Send(keyPress(keys.Quit.Keys()[0]))
	tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
	reqs := e.sim.ActionRequests()
	if len(reqs) != 1 || reqs[0].Action != "dismiss" || len(reqs[0].IDs) != 30 {
		t.Fatalf("the tenant received %+v, want one dismiss of the 30", reqs)
	}
}
