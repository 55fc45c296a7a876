package ui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// TestA403IsExplainedWithoutTheLog: one row selected with space (which
// moves the cursor off it), confirm safe refused with 403: the summary in
// the status pane names the missing permission, with the cursor on
// another row, without J.
func TestA403IsExplainedWithoutTheLog(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	e.sim.InjectFault(simtenant.Fault{Action: "confirmSafe", Status: 403, Code: "Authorization_RequestDenied",
		Message: "Insufficient privileges to complete the operation."})
	tm := teatest.NewTestModel(t, e.model(graph.DefaultQuery(testNow)), teatest.WithInitialTermSize(120, 30),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	waitOutput(t, tm, "complete)")
	tm.Send(keyPress(keys.Toggle.Keys()[0]))
	tm.Send(keyPress(safeKey.Keys()[0]))
	waitOutput(t, tm, "Confirm safe 1 sign-in?")
	readDialog()
	tm.Send(keyPress(keys.Yes.Keys()[0]))
	waitOutput(t, tm, "confirmSafe done")
	tm.Send(keyPress(keys.Quit.Keys()[0]))
	final := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	if final.table.cursor == 0 {
		t.Fatal("the cursor is on the failed row: the test would not show the summary alone")
	}
	prose := strings.Join(strings.Fields(ansi.Strip(final.View().Content)), " ")
	for _, want := range []string{"confirmSafe done: 0 accepted, 1 failed", "1 failed: Graph denied confirmSafe (403): it needs IdentityRiskyUser.ReadWrite.All", "(J shows each)"} {
		if !strings.Contains(prose, want) {
			t.Errorf("the screen lacks %q:\n%s", want, final.View().Content)
		}
	}
}

// TestMixedFailuresAreCountedByReason: failures for different reasons are
// counted each, in the order they came.
func TestMixedFailuresAreCountedByReason(t *testing.T) {
	d := dispatch{}
	d.countReason("a", 2)
	d.countReason("b", 1)
	d.countReason("a", 3)
	if got := d.whyText("J"); got != " Why, by reason: 5: a · 1: b (J shows each)." {
		t.Errorf("whyText %q", got)
	}
}
