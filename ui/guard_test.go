package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/export"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// TestGuardLeavesOutAReversalUntilAskedTwice: a sign-in confirmed
// compromised, then selected again with another for confirm safe: the
// dialog leaves it out and names its user, the request carries only the
// other; I, then I again (for a reversal), includes it.
func TestGuardLeavesOutAReversalUntilAskedTwice(t *testing.T) {
	for _, includeIt := range []bool{false, true} {
		e := newEnv(t, simtenant.Options{SignIns: 80}, 0)
		h := loaded(t, e, 160, 50)
		first := *h.rowAt(0)
		second := *h.rowAt(1)
		for i := 1; second.UserKey() == first.UserKey(); i++ {
			second = *h.rowAt(i) // another user's, so that the dialog names only first's
		}
		h.press(keys.Top, keys.Toggle, compromisedKey, keys.Yes)
		h.waitFor("the compromise", func() bool { return !h.sending() })
		h.press(keys.Reload)
		h.waitFor("the reload", func() bool { return !h.loading() })
		h.settle()
		selectIDs(h.m, first.ID, second.ID)
		h.press(safeKey)
		prose := h.prose()
		for _, want := range []string{"Left out: 1 in conflict with an earlier verdict.", "Kept out (it would reverse a verdict) for 1 user: " + first.UPN,
			"I includes them (those in conflict ask once more)."} {
			if !strings.Contains(prose, want) {
				t.Fatalf("the dialog lacks %q:\n%s", want, h.screen())
			}
		}
		if !strings.Contains(h.screen(), first.UPN) {
			t.Errorf("the dialog does not name %s:\n%s", first.UPN, h.screen())
		}
		if p := h.confirmPlan(); !slices.Equal(p.sent(), []string{second.ID}) {
			t.Fatalf("the plan sends %v, want only %s", p.sent(), second.ID)
		}
		want := []string{second.ID}
		if includeIt {
			h.press(keys.Include)
			if p := h.confirmPlan(); slices.Contains(p.sent(), first.ID) || !strings.Contains(h.prose(), "I again also sends those in conflict") {
				t.Fatalf("one I included a reversal:\n%s", h.screen())
			}
			h.press(keys.Include)
			want = []string{second.ID, first.ID}
			// The dialog that sends the reversal says so, and whose.
			if prose := h.prose(); !strings.Contains(prose, "This REVERSES an earlier verdict on 1 sign-in of 1 user:") ||
				!strings.Contains(prose, first.UPN) {
				t.Fatalf("the dialog that sends a reversal does not say so:\n%s", h.screen())
			}
		}
		h.press(keys.Yes)
		h.waitFor("the dispatch", func() bool { return !h.sending() })
		reqs := e.sim.ActionRequests()
		last := reqs[len(reqs)-1]
		slices.Sort(want)
		got := slices.Sorted(slices.Values(last.IDs))
		if last.Action != "confirmSafe" || !slices.Equal(got, want) {
			t.Errorf("include %v: the tenant received %s %v, want %v", includeIt, last.Action, last.IDs, want)
		}
	}
}

// TestGuardHoldsWhileGraphIsLate: the real program against a tenant that
// applies verdicts an hour late. C on a sign-in, r (it still reads at
// risk), then a selection with it and another, S, y: the confirmSafe
// request leaves it out, and the dialog named it and its user. With I, and
// I again for the reversal, it is sent. A note typed after N is in the
// journal's record of that request.
func TestGuardHoldsWhileGraphIsLate(t *testing.T) {
	for _, includeIt := range []bool{false, true} {
		e := newEnv(t, simtenant.Options{SignIns: 60, VerdictDelay: time.Hour}, 0)
		j, err := journal.Open(filepath.Join(t.TempDir(), "journal.jsonl"))
		if err != nil {
			t.Fatal(err)
		}
		defer j.Close()
		client := simtest.Client(t, e.sim, graph.Options{Recorder: j})
		m := New(Config{Graph: client, Journal: j, Query: graph.DefaultQuery(testNow), Source: "test tenant", Now: func() time.Time { return testNow }})
		rec := &viewRecorder{Model: m}
		tm := teatest.NewTestModel(t, rec, teatest.WithInitialTermSize(160, 50),
			teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
		rec.waitFor(t, "complete)")
		press := func(bs ...key.Binding) {
			for _, b := range bs {
				tm.Send(keyPress(b.Keys()[0]))
			}
		}
		press(keys.Top, keys.Toggle, compromisedKey)
		rec.waitFor(t, "Confirm compromised 1 sign-in?")
		readDialog()
		press(keys.Yes)
		rec.waitFor(t, "confirmCompromised done: 1 accepted")
		compromised := e.sim.ActionRequests()[0].IDs[0]
		s, _ := e.sim.SignIn(compromised)
		if s.RiskState != "atRisk" {
			t.Fatalf("the tenant applied the verdict at once: %s", s.RiskState)
		}
		lists := len(e.sim.Requests()) - len(e.sim.ActionRequests())
		press(keys.Reload)
		waitFor(t, "the reload", func() bool { return len(e.sim.Requests())-len(e.sim.ActionRequests()) > lists })
		time.Sleep(300 * time.Millisecond) // the program takes the page; the screen may not change to say so
		press(keys.Top, keys.Toggle, keys.Toggle, safeKey)
		// The dialog names the reversal and its user.
		rec.waitFor(t, "Kept out (it would reverse a verdict) for 1 user: "+s.UserPrincipalName)
		want := 1
		if includeIt {
			readDialog()
			press(keys.Include)
			readDialog()
			press(keys.Include)
			want = 2
		}
		readDialog()
		press(keys.Note)
		for _, r := range "ticket 4711" {
			tm.Send(keyPress(string(r)))
		}
		press(keys.Apply)
		readDialog()
		press(keys.Yes)
		rec.waitFor(t, "confirmSafe done")
		press(keys.Quit)
		tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second))
		reqs := e.sim.ActionRequests()
		last := reqs[len(reqs)-1]
		if last.Action != "confirmSafe" || len(last.IDs) != want || slices.Contains(last.IDs, compromised) != includeIt {
			t.Errorf("include %v: the tenant received %s %v (the compromised one is %s)", includeIt, last.Action, last.IDs, compromised)
		}
		// The journal's record of that request carries the note.
		var noted []journal.Record
		for _, r := range j.Session() {
			if r.Kind == journal.Intent && r.Action == "confirmSafe" {
				noted = append(noted, r)
			}
		}
		if len(noted) != 1 || noted[0].Note != "ticket 4711" || !slices.Equal(noted[0].IDs, last.IDs) {
			t.Errorf("include %v: the journal's confirmSafe intents %+v", includeIt, noted)
		}
	}
}

// viewRecorder runs a Model under teatest and keeps the last screen it
// drew as text, for a test to read without racing the program: teatest's
// output stream holds only what changed from frame to frame.
type viewRecorder struct {
	*Model
	screen atomic.Pointer[string]
}

func (v *viewRecorder) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	_, cmd := v.Model.Update(msg)
	return v, cmd
}

func (v *viewRecorder) View() tea.View {
	view := v.Model.View()
	text := ansi.Strip(view.Content)
	v.screen.Store(&text)
	return view
}

// waitFor waits until the last screen holds every one of texts.
func (v *viewRecorder) waitFor(t *testing.T, texts ...string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for {
		if p := v.screen.Load(); p != nil && containsAll(*p, texts...) {
			return
		}
		if time.Now().After(deadline) {
			last := ""
			if p := v.screen.Load(); p != nil {
				last = *p
			}
			t.Fatalf("the screen never showed %q; last:\n%s", texts, last)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestGuardSendsOpenAndNeverFlaggedOnly: every risk state listed, all
// selected, S, y: exactly the at-risk and never-flagged sign-ins are sent,
// the never-flagged in batches of their own; a tenant that refuses
// never-flagged verdicts fails that batch whole, with its reason, unsplit.
func TestGuardSendsOpenAndNeverFlaggedOnly(t *testing.T) {
	for _, accept := range []bool{true, false} {
		e := newEnv(t, simtenant.Options{SignIns: 80, RefuseNeverFlagged: !accept}, 0)
		states := map[string][]string{}
		for _, s := range e.sim.SignIns() {
			if s.IsInteractive {
				states[s.RiskState] = append(states[s.RiskState], s.ID)
			}
		}
		for _, st := range []string{"atRisk", "none", "confirmedSafe", "dismissed", "remediated"} {
			if len(states[st]) == 0 {
				t.Fatalf("the tenant has no %s sign-in", st)
			}
		}
		h := newHarness(t, e.model(graph.Query{Window: 90 * 24 * time.Hour}.At(testNow)), 160, 50)
		h.waitFor("the listing", func() bool { return !h.loading() })
		h.settle()
		h.press(keys.SelectAll, safeKey, keys.Yes)
		h.waitFor("the dispatch", func() bool { return !h.sending() })
		var sentOpen, sentNever []string
		reqs := e.sim.ActionRequests()
		for i, r := range reqs {
			for _, id := range r.IDs {
				switch {
				case slices.Contains(states["atRisk"], id):
					sentOpen = append(sentOpen, id)
					if len(sentNever) > 0 {
						t.Fatalf("request %d sends an at-risk sign-in after the never-flagged ones", i)
					}
				case slices.Contains(states["none"], id):
					sentNever = append(sentNever, id)
					if slices.ContainsFunc(r.IDs, func(x string) bool { return slices.Contains(states["atRisk"], x) }) {
						t.Fatalf("request %d mixes never-flagged and at-risk sign-ins", i)
					}
				default:
					t.Fatalf("request %d sends %s, which already has a verdict", i, id)
				}
			}
		}
		if len(sentOpen) != len(states["atRisk"]) || len(sentNever) != len(states["none"]) {
			t.Fatalf("accept %v: sent %d at risk (of %d) and %d never flagged (of %d)", accept, len(sentOpen), len(states["atRisk"]),
				len(sentNever), len(states["none"]))
		}
		if !accept {
			last := reqs[len(reqs)-1]
			if last.Status != 400 || len(last.IDs) != len(states["none"]) {
				t.Errorf("the refused never-flagged batch: %+v (want one request of %d, 400, unsplit)", last, len(states["none"]))
			}
			if !strings.Contains(h.prose(), "not risky") {
				t.Errorf("the screen does not give Graph's reason:\n%s", h.screen())
			}
		}
	}
}

// TestANoteGoesWithTheVerdict: N in the confirm dialog types a reason;
// "yes, travel" typed there never sends; enter keeps it, y sends, and the
// journal records the note with the request; the record at exit shows it.
func TestANoteGoesWithTheVerdict(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	j, err := journal.Open(filepath.Join(t.TempDir(), "journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	client := simtest.Client(t, e.sim, graph.Options{Recorder: j})
	dir := t.TempDir()
	h := newHarness(t, New(Config{Graph: client, Journal: j, Query: graph.DefaultQuery(testNow), Source: "test",
		ExportDir: dir, Now: func() time.Time { return testNow }}), 160, 50)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	selectFirst(h, 2)
	h.press(safeKey, keys.Note)
	h.typeText("yes, travel")
	if n := len(e.sim.ActionRequests()); n != 0 || !h.dialogOpen() {
		t.Fatalf("typing the note sent %d requests, dialog open %v", n, h.dialogOpen())
	}
	h.press(keys.Apply) // keeps the note, does not send
	if n := len(e.sim.ActionRequests()); n != 0 || !h.dialogOpen() || !strings.Contains(h.screen(), "Note: yes, travel") {
		t.Fatalf("enter after the note: %d requests, dialog open %v:\n%s", n, h.dialogOpen(), h.screen())
	}
	h.press(keys.Yes)
	h.waitFor("the dispatch", func() bool { return !h.sending() })
	var noted bool
	for _, r := range j.Session() {
		if r.Kind == journal.Intent && r.Note == "yes, travel" {
			noted = true
		}
	}
	if !noted {
		t.Errorf("the journal has no intent with the note: %+v", j.Session())
	}
	if record := strings.Join(h.m.Record(), "\n"); !strings.Contains(record, `Note: "yes, travel"`) {
		t.Errorf("the record at exit lacks the note:\n%s", record)
	}
	h.press(keys.RequestLog)
	if !strings.Contains(h.prose(), `note "yes, travel"`) {
		t.Errorf("the journal view lacks the note:\n%s", h.screen())
	}
	// An export of the rows says what the session decided, and why.
	h.press(keys.Back, keys.Export, keys.ExportView)
	h.settle()
	recs, err := export.ReadJSON(openExported(t, dir, "signin-triage-*.json"))
	if err != nil {
		t.Fatal(err)
	}
	decided := 0
	for _, r := range recs {
		if r.SessionVerdict != "" {
			decided++
			if r.SessionVerdict != "confirmSafe" || r.SessionNote != "yes, travel" || r.SessionRequestID == "" || r.SessionTime == nil {
				t.Errorf("exported %+v", r)
			}
		}
	}
	if decided != 2 {
		t.Errorf("%d exported sign-ins carry the session's verdict, want 2", decided)
	}
}

// TestHideHandled: H hides the sign-ins that already have a verdict (in
// Graph's state or the guard's memory), the header counts them, the
// groups count only what remains, and H shows them again.
func TestHideHandled(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 0)
	h := newHarness(t, e.model(graph.Query{Window: 90 * 24 * time.Hour}.At(testNow)), 160, 50) // every state
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	decided := 0
	for _, s := range h.rows() {
		switch s.RiskState {
		case graph.RiskStateConfirmedSafe, graph.RiskStateConfirmedCompromised, graph.RiskStateDismissed, graph.RiskStateRemediated:
			decided++
		}
	}
	if decided == 0 {
		t.Fatal("the tenant lists no decided sign-in")
	}
	all := h.shownLen()
	h.press(keys.HideHandled)
	if h.shownLen() != all-decided || !strings.Contains(h.screen(), fmt.Sprintf("%d HANDLED SIGN-INS HIDDEN", decided)) {
		t.Fatalf("H shows %d of %d with %d decided:\n%s", h.shownLen(), all, decided, h.screen())
	}
	// A verdict sent now takes its sign-in out of the view too.
	first := ""
	for i := 0; first == ""; i++ {
		if s := h.rowAt(i); s.RiskState == graph.RiskStateAtRisk {
			first = s.ID
		}
	}
	selectIDs(h.m, first)
	h.press(dismissKey, keys.Yes)
	h.waitFor("the dispatch", func() bool { return !h.sending() })
	if h.isShown(first) || h.shownLen() != all-decided-1 {
		t.Errorf("the dismissed sign-in is still in view (%d shown)", h.shownLen())
	}
	h.press(keys.Group)
	total := 0
	for _, g := range h.groups() {
		total += len(g.rows)
	}
	if total != all-decided-1 {
		t.Errorf("the groups hold %d sign-ins, want the %d not handled", total, all-decided-1)
	}
	h.press(keys.Group, keys.HideHandled)
	if h.shownLen() != all {
		t.Errorf("H again shows %d of %d", h.shownLen(), all)
	}
}
