package ui

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/key"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
	"github.com/signin-triage/signin-triage/keymap"
)

var keys = keymap.Default()

// The verdicts' keys, as the keymap binds them by name.
var (
	safeKey        = verdictKey("confirmSafe")
	compromisedKey = verdictKey("confirmCompromised")
	dismissKey     = verdictKey("dismiss")
)

func verdictKey(name string) key.Binding {
	b, ok := keys.Verdict(name)
	if !ok {
		panic("no key for the verdict " + name)
	}
	return b
}

// verdict is a standard verdict by name.
func verdict(name string) graph.Verdict { return simtest.Verdict(name) }

func loaded(t *testing.T, e env, width, height int) *harness {
	t.Helper()
	h := newHarness(t, e.model(graph.DefaultQuery(testNow)), width, height)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	if h.loaded() < 10 {
		t.Fatalf("only %d rows loaded", h.loaded())
	}
	return h
}

func rowIDs(h *harness, positions ...int) []string {
	ids := make([]string, len(positions))
	for i, p := range positions {
		ids[i] = h.rows()[p].ID
	}
	return ids
}

// selectFirst selects the first n rows with space, which moves down.
func selectFirst(h *harness, n int) []string {
	h.press(keys.Top)
	for range n {
		h.press(keys.Toggle)
	}
	return rowIDs(h, seq(n)...)
}

func seq(n int) []int {
	out := make([]int, n)
	for i := range out {
		out[i] = i
	}
	return out
}

func sentIDs(sim *simtenant.Server) [][]string {
	var out [][]string
	for _, r := range sim.ActionRequests() {
		out = append(out, r.IDs)
	}
	return out
}

func TestBatchSizeTwoSendsThreeRequests(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 2)
	h := loaded(t, e, 140, 40)
	ids := selectFirst(h, 5)
	h.press(safeKey)
	if !strings.Contains(h.prose(), "in 3 requests (at most 2 IDs each)") {
		t.Fatalf("the dialog does not name the requests:\n%s", h.screen())
	}
	h.press(keys.Yes)
	h.settle()

	got := sentIDs(e.sim)
	want := [][]string{ids[0:2], ids[2:4], ids[4:5]}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("sent %v, want %v", got, want)
	}
	record := h.record()
	for _, line := range []string{"request 1/3: 2 sign-ins now confirmedSafe", "request 2/3: 2 sign-ins now confirmedSafe",
		"request 3/3: 1 sign-in now confirmedSafe", "confirmSafe done: 5 accepted, 0 failed, 0 not sent (of 5)"} {
		if !strings.Contains(record, line) {
			t.Errorf("the session's log lacks %q:\n%s", line, record)
		}
	}
	if screen := h.screen(); !strings.Contains(screen, "confirmSafe done: 5 accepted") {
		t.Errorf("the status pane does not end with the dispatch's summary:\n%s", screen)
	}
	if n := h.selectedCount(); n != 0 {
		t.Errorf("%d rows still selected after every batch was confirmed", n)
	}
}

func TestServerErrorFailsOnlyItsBatch(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 2)
	h := loaded(t, e, 140, 40)
	ids := selectFirst(h, 5)
	// Every attempt at the second batch gets a 503: it outlasts the retries.
	e.sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids[2:4], Status: 503, Code: "ServiceUnavailable", RetryAfter: "0"})
	h.press(safeKey, keys.Yes)
	h.settle()

	for i, id := range ids {
		s := h.signIn(id)
		tenant, _ := e.sim.SignIn(id)
		failed := i == 2 || i == 3
		switch {
		case failed && (s.RiskState != graph.RiskStateAtRisk || !h.isSelected(id) || h.outcome(id).kind != outcomeFailed || tenant.RiskState != "atRisk"):
			t.Errorf("row %d (failed batch): state %s, selected %v, outcome %v, tenant %s", i, s.RiskState, h.isSelected(id), h.outcome(id).kind, tenant.RiskState)
		case !failed && (s.RiskState != graph.RiskStateConfirmedSafe || h.isSelected(id) || tenant.RiskState != "confirmedSafe"):
			t.Errorf("row %d: state %s, selected %v, tenant %s", i, s.RiskState, h.isSelected(id), tenant.RiskState)
		}
	}
	screen := h.screen()
	lines := strings.Split(screen, "\n")
	for _, row := range []int{2, 3} {
		line := lines[3+row] // header, query line, column titles, then rows
		if !strings.Contains(line, "● ✗ 503") || strings.Contains(line, "confirmedSafe") {
			t.Errorf("row %d should read selected and failed 503, and never confirmedSafe: %q", row, line)
		}
	}
	for _, want := range []string{"request 2/3 failed: 2 sign-ins stay selected", "Graph failed (503 ServiceUnavailable)",
		"confirmSafe done: 3 accepted, 2 failed, 0 not sent (of 5)"} {
		if !strings.Contains(h.record(), want) {
			t.Errorf("the session's log lacks %q:\n%s", want, h.record())
		}
	}
	if h.selectedCount() != 2 {
		t.Errorf("%d selected after the dispatch, want the 2 failed", h.selectedCount())
	}

	// The failed rows are ready to retry: S offers exactly them.
	h.press(safeKey)
	if !strings.Contains(h.screen(), "Confirm safe 2 sign-ins?") {
		t.Errorf("retry dialog:\n%s", h.screen())
	}
}

func TestForbiddenStopsTheDispatch(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 2)
	h := loaded(t, e, 200, 40)
	ids := selectFirst(h, 5)
	e.sim.InjectFault(simtenant.Fault{Action: "confirmSafe", Status: 403, Code: "Authorization_RequestDenied",
		Message: "Insufficient privileges to complete the operation."})
	h.press(safeKey, keys.Yes)
	h.settle()

	if n := len(e.sim.ActionRequests()); n != 1 {
		t.Fatalf("%d requests sent after a 403, want 1", n)
	}
	for _, id := range ids {
		if !h.isSelected(id) || h.signIn(id).RiskState != graph.RiskStateAtRisk {
			t.Errorf("%s: selected %v, state %s", id, h.isSelected(id), h.signIn(id).RiskState)
		}
	}
	screen := h.prose()
	for _, want := range []string{"confirmSafe stopped after request 1 of 3: 0 accepted, 2 failed, 3 not sent (of 5)",
		"IdentityRiskyUser.ReadWrite.All (delegated", "IdentityRiskEvent.ReadWrite.All (application)"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the screen lacks %q:\n%s", want, h.screen())
		}
	}
}

// TestNothingIsSentWithoutYes: n and esc cancel the dialog; any other key
// leaves it open, waiting for an answer; nothing is sent either way.
func TestNothingIsSentWithoutYes(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	h := loaded(t, e, 120, 30)
	selectFirst(h, 3)
	for _, k := range append(slices.Clone(keys.No.Keys()), "x", "S", "space", "q") {
		if !h.dialogOpen() {
			h.press(safeKey)
		}
		if !h.dialogOpen() {
			t.Fatalf("S did not open the dialog")
		}
		h.readFirst() // after the read delay: keys typed sooner are all dropped (TestPropertyTypingNeverSends)
		h.update(keyPress(k))
		h.settle()
		cancels := slices.Contains(keys.No.Keys(), k)
		if h.dialogOpen() == cancels || h.quit {
			t.Fatalf("%q: dialog open %v, program quit %v", k, h.dialogOpen(), h.quit)
		}
	}
	h.press(keys.No)
	if n := len(e.sim.ActionRequests()); n != 0 {
		t.Fatalf("%d requests sent without a yes", n)
	}
	if !strings.Contains(h.screen(), "Canceled: nothing was sent.") {
		t.Errorf("no word that nothing was sent:\n%s", h.screen())
	}
}

func TestConfirmSafeWithNothingSelectedExplains(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	h := loaded(t, e, 120, 30)
	h.press(safeKey)
	if h.dialogOpen() || !strings.Contains(h.screen(), "Nothing selected: space selects") {
		t.Fatalf("want a hint, no dialog:\n%s", h.screen())
	}
}

func TestQuitAsksWhileSending(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 1)
	h := loaded(t, e, 120, 30)
	selectFirst(h, 3)
	release := e.sim.HoldPage(0) // action requests wait here
	defer release()
	h.update(keyPress("S"))
	h.key(keys.Yes)
	h.waitFor("the dispatch to start", func() bool { return len(e.sim.Requests()) > 1 })
	h.update(keyPress("q"))
	if !h.quitAsked() || h.quit {
		t.Fatalf("q while sending should ask first:\n%s", h.screen())
	}
	if !strings.Contains(h.screen(), "Quit while sending?") {
		t.Errorf("no quit question:\n%s", h.screen())
	}
	h.update(keyPress("n"))
	if h.dialogOpen() || h.quit {
		t.Fatal("n should keep sending")
	}
	h.update(keyPress("ctrl+c"))
	h.update(keyPress("y")) // the reflex: it answers nothing here
	if !h.quitAsked() || h.quit {
		t.Fatal("y answered the quit dialog")
	}
	h.update(keyPress(keys.QuitNow.Keys()[0]))
	h.waitFor("the quit-now key to quit", func() bool { return h.quit })
	release()
	h.settle()
	// Quitting canceled the dispatch: the first request may have gone out,
	// the others never do.
	if n := len(e.sim.ActionRequests()); n > 1 {
		t.Errorf("%d action requests after quitting, want at most the one in flight", n)
	}
}

func TestSelectionKeys(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 0)
	h := loaded(t, e, 120, 30)
	h.press(keys.Range, keys.Down, keys.Down)
	if h.selectedCount() != 3 || !strings.Contains(h.screen(), "RANGE") {
		t.Fatalf("a range over 3 rows counts %d", h.selectedCount())
	}
	h.press(keys.Up) // the range follows the cursor back
	if h.selectedCount() != 2 {
		t.Fatalf("after moving back the range counts %d, want 2", h.selectedCount())
	}
	h.press(keys.Range)
	if h.rangeActive() || h.selectedLen() != 2 {
		t.Fatalf("ending the range kept %d", h.selectedLen())
	}
	h.press(keys.Toggle) // on row 1, already selected: unselects, moves to row 2
	if h.selectedLen() != 1 || h.cursor() != 2 {
		t.Fatalf("toggle: %d selected, cursor %d", h.selectedLen(), h.cursor())
	}
	h.press(keys.SelectAll)
	if h.selectedCount() != h.loaded() {
		t.Fatalf("select all: %d of %d", h.selectedCount(), h.loaded())
	}
	h.press(keys.Clear)
	if h.selectedCount() != 0 {
		t.Fatal("clear left a selection")
	}
	h.press(keys.Bottom)
	if h.cursor() != h.loaded()-1 {
		t.Fatal("G did not reach the bottom")
	}
	h.press(keys.PageUp, keys.Top)
	if h.cursor() != 0 {
		t.Fatal("g did not reach the top")
	}
}

func TestReloadKeepsTheSelection(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 0)
	h := loaded(t, e, 120, 30)
	ids := selectFirst(h, 3)
	rows := h.loaded()
	h.press(keys.Reload)
	h.waitFor("the reload", func() bool { return !h.loading() })
	if h.loaded() != rows || h.selectedCount() != 3 {
		t.Fatalf("after reload: %d rows (want %d), %d selected (want 3)", h.loaded(), rows, h.selectedCount())
	}
	for _, id := range ids {
		if !h.isSelected(id) {
			t.Errorf("%s lost its selection", id)
		}
	}
	if h.pages() != 1 {
		t.Errorf("pages %d after reload, want a fresh count of 1", h.pages())
	}
}

// TestSelectedButNotLoadedIsCounted: a selected sign-in that a reload does
// not bring back (confirmed meanwhile) stays selected, is counted as not
// loaded in the header, is called out in the dialog, and is left out by
// the guard (Graph accepted a verdict for it) unless included.
func TestSelectedButNotLoadedIsCounted(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 0)
	h := loaded(t, e, 140, 30)
	ids := selectFirst(h, 3)
	e.client.Dispatch(context.Background(), verdict("confirmSafe"), ids[1:2], func(graph.BatchResult) {})
	h.press(keys.Reload)
	h.waitFor("the reload", func() bool { return !h.loading() })
	if !strings.Contains(h.screen(), "Selected 3 (1 not loaded)") {
		t.Fatalf("header:\n%s", h.screen())
	}
	h.press(safeKey)
	if !strings.Contains(h.prose(), "1 of the selected is not loaded: sent by ID") || !strings.Contains(h.prose(), "Left out: 1 already decided.") {
		t.Fatalf("dialog:\n%s", h.screen())
	}
	if p := h.confirmPlan(); len(p.ids) != 2 || slices.Contains(p.ids, ids[1]) {
		t.Fatalf("plan %v: want the loaded two only", p.ids)
	}
	h.press(keys.Include)
	if p := h.confirmPlan(); len(p.ids) != 3 || p.ids[2] != ids[1] {
		t.Fatalf("plan %v after include: want the loaded two, then the one not loaded", p.ids)
	}
}

// TestRecordListsWhatWasSent: the record printed after the UI closes has
// every request's outcome, with times.
func TestRecordListsWhatWasSent(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 2)
	h := loaded(t, e, 120, 30)
	selectFirst(h, 3)
	h.press(safeKey, keys.Yes)
	h.settle()
	got := strings.Join(h.m.Record(), "\n")
	for _, want := range []string{
		"what this session sent (times in UTC)",
		"2026-11-27 12:00:00  Sending confirmSafe for 3 sign-ins in 2 requests.",
		"2026-11-27 12:00:00  ✓ request 1/2: 2 sign-ins now confirmedSafe (HTTP 204",
		"2026-11-27 12:00:00  ✓ request 2/2: 1 sign-in now confirmedSafe (HTTP 204",
		"2026-11-27 12:00:00  confirmSafe done: 3 accepted, 0 failed, 0 not sent (of 3).",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the record lacks %q:\n%s", want, got)
		}
	}
}

func TestReadOnlyHasNoActionKeys(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	ro, err := graph.New(graph.Options{BaseURL: e.sim.URL(), ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, New(Config{Graph: ro, Query: graph.DefaultQuery(testNow), Source: "test"}), 120, 30)
	h.waitFor("the listing", func() bool { return !h.loading() })
	selectFirst(h, 3)
	h.press(safeKey)
	screen := h.screen()
	if h.dialogOpen() || !strings.Contains(screen, "READ-ONLY") || !strings.Contains(h.prose(), "S does nothing now: this session is read-only") {
		t.Fatalf("screen:\n%s", screen)
	}
	h.press(keys.Yes)
	if strings.Contains(screen, "confirm safe") {
		t.Errorf("the help offers an action in a read-only session:\n%s", screen)
	}
	if n := len(e.sim.ActionRequests()); n != 0 {
		t.Fatalf("%d requests sent read-only", n)
	}
}

// TestLostReplyReadsUnknown: a batch whose reply never came is neither
// confirmed nor failed on screen, stays selected and says to check it.
func TestLostReplyReadsUnknown(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 2)
	h := loaded(t, e, 200, 40)
	ids := selectFirst(h, 3)
	e.sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids[:1], LoseReply: true, Times: 1})
	h.press(safeKey, keys.Yes)
	h.settle()
	lines := strings.Split(h.screen(), "\n")
	for row := range 2 {
		if line := lines[3+row]; !strings.Contains(line, "? unknown") || strings.Contains(line, "confirmedSafe") || !strings.Contains(line, "●") {
			t.Errorf("row %d: %q", row+1, line)
		}
	}
	if !strings.Contains(lines[5], "✓ sent") || !strings.Contains(lines[5], "confirmedSafe") {
		t.Errorf("row 3: %q", lines[5])
	}
	if !strings.Contains(h.prose(), "1 accepted, 0 failed, 2 unknown, 0 not sent (of 3)") {
		t.Errorf("the status pane lacks the summary:\n%s", h.screen())
	}
	for _, want := range []string{"1 accepted, 0 failed, 2 unknown, 0 not sent (of 3)", "check these sign-ins before sending them again"} {
		if !strings.Contains(h.record(), want) {
			t.Errorf("the session's log lacks %q:\n%s", want, h.record())
		}
	}
}

// TestFinishThenQuit: q while a request is in flight, then f: that request
// finishes and its outcome is recorded, no other is sent, then the program
// quits.
func TestFinishThenQuit(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 1)
	h := loaded(t, e, 140, 40)
	ids := selectFirst(h, 3)
	release := e.sim.HoldPage(0)
	defer release()
	h.update(keyPress("S"))
	h.key(keys.Yes)
	h.waitFor("the first request", func() bool { return len(e.sim.ActionRequests()) == 1 })
	h.update(keyPress("q"))
	if !strings.Contains(h.prose(), "let the request in flight finish, send no other, then quit") {
		t.Fatalf("quit dialog:\n%s", h.screen())
	}
	h.update(keyPress(keys.FinishThenQuit.Keys()[0]))
	if h.quit {
		t.Fatal("f quit before the request in flight finished")
	}
	release()
	h.waitFor("the quit", func() bool { return h.quit })
	reqs := e.sim.ActionRequests()
	if len(reqs) != 1 || reqs[0].Status != 204 {
		t.Fatalf("requests %+v: want the one in flight, finished", reqs)
	}
	if h.outcome(ids[0]).kind != outcomeAccepted {
		t.Errorf("the request in flight ended %v", h.outcome(ids[0]).kind)
	}
	for _, id := range ids[1:] {
		if o := h.outcome(id); o.kind != outcomeNotSent || !strings.Contains(o.reason, "stopped") {
			t.Errorf("%s: %v %q", id, o.kind, o.reason)
		}
	}
}

// outcomeLosingRecorder records every intent but cannot record an outcome,
// as a journal on a disk that just filled up.
type outcomeLosingRecorder struct{ n int }

func (r *outcomeLosingRecorder) Intent(graph.Verdict, []string, []string, string) (string, error) {
	r.n++
	return fmt.Sprint(r.n), nil
}

func (r *outcomeLosingRecorder) Outcome(string, graph.BatchResult) error {
	return errors.New("no space left on device")
}

// TestUnrecordedOutcomeIsSaid: when the journal cannot record how a
// request ended, the status pane says so, and what the next start will
// make of it.
func TestUnrecordedOutcomeIsSaid(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	client, err := graph.New(graph.Options{BaseURL: e.sim.URL(), Recorder: &outcomeLosingRecorder{}})
	if err != nil {
		t.Fatal(err)
	}
	e.client = client
	h := loaded(t, e, 140, 40)
	selectFirst(h, 2)
	h.press(safeKey, keys.Yes)
	h.waitFor("the dispatch", func() bool { return !h.sending() })
	for _, want := range []string{"request 1/1 ended accepted, but the journal could not record it (no space left on device)",
		"the next start will report it as unknown"} {
		if !strings.Contains(h.record(), want) {
			t.Errorf("the session's log lacks %q:\n%s", want, h.record())
		}
	}
}

// TestTroubleDecidesTheExitStatus: a session whose requests all went
// through exits 0; one with a failed request exits 1 (ui.Run).
func TestTroubleDecidesTheExitStatus(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 80}, 1)
	h := loaded(t, e, 160, 50)
	selectFirst(h, 2)
	h.press(safeKey, keys.Yes)
	h.waitFor("the dispatch", func() bool { return !h.sending() })
	if h.m.troubled() {
		t.Fatal("a session whose requests were accepted reads as troubled")
	}
	e.sim.InjectFault(simtenant.Fault{Action: "confirmCompromised", Status: 403, Code: "Authorization_RequestDenied", Message: "no"})
	for _, s := range h.rows()[2:4] {
		selectIDs(h.m, s.ID)
	}
	h.press(compromisedKey, keys.Yes)
	h.waitFor("the dispatch", func() bool { return !h.sending() })
	if !h.m.troubled() {
		t.Error("a session with a failed request does not read as troubled")
	}
}

// TestThrottlingIsCountedDown: a 429 asking for days, with waits capped
// at a second: the status pane counts the wait down, says the wait was
// capped, and the request ends failed (not applied), never unknown.
func TestThrottlingIsCountedDown(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 60})
	client := simtest.Client(t, sim, graph.Options{MaxRetryAfter: time.Second, Retry: graph.RetryPolicy{MaxRetries: 2, DelaySeconds: 1}})
	sim.InjectFault(simtenant.Fault{Action: "confirmSafe", Status: 429, Code: "TooManyRequests", Message: "Please retry again later.", RetryAfter: "999999"})
	h := loaded(t, env{sim: sim, client: client}, 160, 50)
	id := selectFirst(h, 1)[0]
	h.key(safeKey)
	h.key(keys.Yes)
	h.waitFor("the countdown", func() bool { return strings.Contains(h.prose(), "Throttled by Graph (429): retrying in 1 s") })
	h.waitFor("the dispatch", func() bool { return !h.sending() })
	h.settle()
	if o := h.outcome(id); o.kind != outcomeFailed {
		t.Errorf("a request refused with 429 after the retries reads %v, want failed", o.kind)
	}
	if !strings.Contains(h.record(), "It asked for 277h46m39s; waits are capped.") {
		t.Errorf("the log does not say the wait was capped:\n%s", h.record())
	}
}

// TestA403KeepsItsRequestID: a request Graph refuses with 403 names its
// request-id in the log and in the request log, for the support ticket.
func TestA403KeepsItsRequestID(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	h := loaded(t, e, 120, 40)
	selectFirst(h, 2)
	e.sim.InjectFault(simtenant.Fault{Action: "confirmSafe", Status: 403, Code: "Authorization_RequestDenied", Message: "Insufficient privileges"})
	h.press(safeKey, keys.Yes)
	h.settle()
	if len(h.m.requests) != 1 || h.m.requests[0].status != 403 || h.m.requests[0].requestID == "" {
		t.Fatalf("the request log holds %+v", h.m.requests)
	}
	id := h.m.requests[0].requestID
	if !strings.Contains(h.record(), "(403") || !strings.Contains(h.record(), "Request-id "+id) {
		t.Errorf("the log's 403 line lacks the request-id %s:\n%s", id, h.record())
	}
	if log := h.openRequestLog(); !strings.Contains(log, "✗ failed 403 request-id "+id) && !strings.Contains(log, "✗ failed 403  request-id "+id) {
		t.Errorf("the request log's 403 entry lacks the request-id:\n%s", log)
	}
}
