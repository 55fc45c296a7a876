package ui

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// openDetailsOf moves the cursor to the first row with at least n risk
// events and opens its details.
func openDetailsOf(t *testing.T, h *harness, n int) graph.SignIn {
	t.Helper()
	h.press(keys.Top)
	for range h.shownLen() {
		if s, _ := h.current(); len(s.RiskEventTypes) >= n {
			h.press(keys.Details)
			return s
		}
		h.press(keys.Down)
	}
	t.Fatalf("no row with %d risk events", n)
	return graph.SignIn{}
}

// TestDetailsShowDetectionsAndUserRisk: once the details stay open, they
// show each detection linked to the sign-in, with its timing, and the
// user's current risk; also when the tenant refuses filtering on
// requestId, which the details then say.
func TestDetailsShowDetectionsAndUserRisk(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		e := newEnv(t, simtenant.Options{SignIns: 120, RefuseRequestIDFilter: refuse}, 0)
		h := loaded(t, e, 120, 70)
		s := openDetailsOf(t, h, 2)
		h.waitFor("the reads", func() bool {
			return !strings.Contains(h.prose(), "loading…") && !strings.Contains(h.prose(), notReadText)
		})
		prose := h.prose()
		for _, ev := range s.RiskEventTypes {
			if !strings.Contains(prose, "Detection "+ev+": "+graph.EventMeaning(ev)) {
				t.Errorf("refuse=%v: no detection %s:\n%s", refuse, ev, h.screen())
			}
			// What to check before a verdict stands beside each type.
			if check := graph.EventCheck(ev); check == "" || !strings.Contains(prose, "check: "+check) {
				t.Errorf("refuse=%v: the details do not say what to check for %s:\n%s", refuse, ev, h.screen())
			}
		}
		for _, want := range []string{"on the sign-in; detected", "Current risk ", "Last updated"} {
			if !strings.Contains(prose, want) {
				t.Errorf("refuse=%v: details lack %q:\n%s", refuse, want, h.screen())
			}
		}
		if said := strings.Contains(prose, "Graph refused filtering detections on requestId"); said != refuse {
			t.Errorf("refuse=%v: the details say the fallback: %v", refuse, said)
		}
	}
}

// TestDetailsInPassingCostNoRequest: details opened and closed before they
// settle send nothing to Identity Protection.
func TestDetailsInPassingCostNoRequest(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 0)
	h := loaded(t, e, 120, 70)
	for range 5 {
		h.key(keys.Details)
		if !strings.Contains(h.prose(), notReadText) {
			t.Fatalf("details just opened should say the reads are to come:\n%s", h.screen())
		}
		h.key(keys.Back)
		h.key(keys.Down)
	}
	h.settle()
	for _, r := range e.sim.Requests() {
		if r.Action != "list" && r.Action != "namedLocations" { // the session's one read of the named locations
			t.Errorf("details in passing sent %s %s", r.Method, r.Path)
		}
	}
}

// TestDetailsDeniedReadNamesThePermission: a token without
// IdentityRiskEvent.Read.All gets the 403 in place, naming it, and every
// other detail, the user's risk too, still shows.
func TestDetailsDeniedReadNamesThePermission(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120, MissingPermissions: []string{simtenant.PermRiskEventRead}}, 0)
	h := loaded(t, e, 120, 70)
	s := openDetailsOf(t, h, 1)
	h.waitFor("the reads", func() bool {
		return !strings.Contains(h.prose(), "loading…") && !strings.Contains(h.prose(), notReadText)
	})
	prose := h.prose()
	for _, want := range []string{"Detections couldn't load: Graph denied reading risk detections (403): it needs IdentityRiskEvent.Read.All",
		"User's current risk Current risk ", "Last updated", s.IP, s.UPN, "Risk at sign-in"} {
		if !strings.Contains(prose, want) {
			t.Errorf("details lack %q:\n%s", want, h.screen())
		}
	}
	if !h.detailsOpen() {
		t.Error("the 403 closed the details")
	}
}

// TestDetailsDuringADispatchKeepThePace: opening details while verdicts go
// out never puts two Identity Protection requests less than a second
// apart (on an injected clock: the test takes no real time for it).
func TestDetailsDuringADispatchKeepThePace(t *testing.T) {
	clock := simtest.NewStepClock(testNow)
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 150, Clock: clock.Now})
	client := simtest.Client(t, sim, graph.Options{BatchSize: 2, Pace: time.Second, Clock: clock})
	h := loaded(t, env{sim: sim, client: client}, 120, 60)
	var atRisk []string
	for _, s := range h.rows() {
		if s.RiskState == graph.RiskStateAtRisk && len(atRisk) < 10 {
			atRisk = append(atRisk, s.ID)
		}
	}
	selectIDs(h.m, atRisk...)
	release := sim.HoldPage(0) // the first verdict request waits at the tenant
	h.key(safeKey)
	h.key(keys.Yes)
	h.waitFor("the first request", func() bool { return len(sim.ActionRequests()) == 1 })
	h.key(keys.Down)
	h.key(keys.Details) // and stays open: its reads wait behind the verdicts
	h.waitFor("the reads to start", func() bool { d := h.m.risk.detections[h.m.top().(*detailsScreen).id]; return d != nil })
	release()
	h.waitFor("the dispatch and the reads", func() bool { return !h.sending() })
	h.settle()
	var paced []simtenant.Request
	for _, r := range sim.Requests() {
		if r.Action != "list" && r.Action != "namedLocations" { // read once, after the first page
			paced = append(paced, r)
		}
	}
	reads := len(paced) - len(sim.ActionRequests())
	if reads != 2 || len(sim.ActionRequests()) != 5 {
		t.Fatalf("%d reads and %d verdict requests; want 2 and 5", reads, len(sim.ActionRequests()))
	}
	for i := 1; i < len(paced); i++ {
		if gap := paced[i].At.Sub(paced[i-1].At); gap < time.Second {
			t.Errorf("%s then %s only %v apart", paced[i-1].Action, paced[i].Action, gap)
		}
	}
}

// reads counts the Identity Protection reads the tenant received.
func reads(sim *simtenant.Server) (detections, users int) {
	for _, r := range sim.Requests() {
		switch r.Action {
		case "riskDetections":
			detections++
		case "riskyUser":
			users++
		}
	}
	return detections, users
}

// TestDetailsReadAgainAfterAVerdict: a verdict changes the detections'
// and the user's risk, so the details read them again rather than show
// what was read before it.
func TestDetailsReadAgainAfterAVerdict(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 0)
	h := loaded(t, e, 120, 70)
	s := openDetailsOf(t, h, 1)
	h.waitFor("the reads", func() bool { d, u := reads(e.sim); return d == 1 && u == 1 })
	h.settle()
	h.press(keys.Back)
	selectIDs(h.m, s.ID)
	h.press(compromisedKey, keys.Yes)
	h.waitFor("the verdict", func() bool { return !h.sending() })
	h.press(keys.Details)
	h.waitFor("the reads again", func() bool { d, u := reads(e.sim); return d == 2 && u == 2 })
	h.settle()
	if prose := h.prose(); !strings.Contains(prose, "Current risk high, confirmedCompromised") || !strings.Contains(prose, "confirmedCompromised, ") {
		t.Errorf("the details show the risk from before the verdict:\n%s", h.screen())
	}
}

// TestDetailsUnderHelpReadWhenShownAgain: help opened over details before
// they settle; back on the details, the reads go out.
func TestDetailsUnderHelpReadWhenShownAgain(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 0)
	h := loaded(t, e, 120, 70)
	h.key(keys.Details)
	h.key(keys.Help)
	h.settle()
	if d, u := reads(e.sim); d+u != 0 {
		t.Fatalf("details under help read %d+%d", d, u)
	}
	h.press(keys.Back)
	if !h.detailsOpen() {
		t.Fatal("back from help did not return to the details")
	}
	h.waitFor("the reads", func() bool { d, u := reads(e.sim); return d == 1 && u == 1 })
}

// TestClosingDetailsCancelsTheirReads: reads waiting for their turn
// behind a verdict are dropped when their details close; none reaches
// the tenant, and opening the details again reads afresh.
func TestClosingDetailsCancelsTheirReads(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120}, 0)
	h := loaded(t, e, 120, 70)
	release := e.sim.HoldPage(0) // the verdict holds the turn
	selectIDs(h.m, h.rowAt(0).ID)
	h.key(safeKey)
	h.key(keys.Yes)
	h.waitFor("the verdict request", func() bool { return len(e.sim.ActionRequests()) == 1 })
	h.key(keys.Down)
	h.key(keys.Details)
	h.waitFor("the reads to wait", func() bool { return h.m.risk.detections[h.m.top().(*detailsScreen).id] != nil })
	id := h.m.top().(*detailsScreen).id
	h.key(keys.Back)
	release()
	h.settle()
	if d, u := reads(e.sim); d+u != 0 {
		t.Errorf("closed details still read %d+%d", d, u)
	}
	if r := h.m.risk.detections[id]; r != nil {
		t.Errorf("a canceled read is kept as %+v", r)
	}
}

// TestManyDetectionsKeepMemoryBounded: reading and showing the details of
// a sign-in with 60,000 detections, sent in one reply, takes less than
// 100 MB more than before, both what stays (the heap after a GC) and what
// the process had to obtain for it (the runtime's memory from the system,
// which grows with the highest heap: the SDK parsing the whole reply took
// it up by 540 MB even when only 50 were kept). Sys never shrinks, so a
// test before this one that grew the heap more could hide a growth here;
// run alone (-run), nothing can.
func TestManyDetectionsKeepMemoryBounded(t *testing.T) {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	m := detailsWithManyDetections(t)
	for range 3 {
		press(m, keyPress(keys.PageDown.Keys()[0]))
	}
	runtime.GC()
	runtime.ReadMemStats(&after)
	const budget = 100 << 20
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > budget {
		t.Errorf("the heap grew by %d MB after a GC", grew>>20)
	}
	if grew := int64(after.Sys) - int64(before.Sys); grew > budget {
		t.Errorf("the memory obtained from the system grew by %d MB", grew>>20)
	}
	t.Logf("heap +%d MB, from the system +%d MB", (int64(after.HeapAlloc)-int64(before.HeapAlloc))>>20, (int64(after.Sys)-int64(before.Sys))>>20)
	runtime.KeepAlive(m)
}

// TestDetailsShowTheCapAndSayMore: of a sign-in with 60,000 detections
// in one reply, the details show graph.MaxDetections, read in one
// request, and say below them that more are not shown (Graph gave no
// count); a count, when Graph gives one, is said.
func TestDetailsShowTheCapAndSayMore(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 120, ManyDetections: 60_000}, 0)
	h := newHarness(t, e.model(graph.Query{PageSize: graph.DefaultPageSize}), 120, 70) // every state: the newest may be closed
	h.waitFor("the listing", func() bool { return !h.loading() })
	id := e.sim.SignIns()[0].ID
	h.press(keys.Top)
	for range h.shownLen() {
		if s, _ := h.current(); s.ID == id {
			break
		}
		h.press(keys.Down)
	}
	if s, _ := h.current(); s.ID != id {
		t.Fatalf("the newest sign-in %s is not listed", id)
	}
	h.press(keys.Details)
	h.waitFor("the reads", func() bool {
		return !strings.Contains(h.prose(), "loading…") && !strings.Contains(h.prose(), notReadText)
	})
	text := detailsTextOf(h.m, id, 120)
	if n := strings.Count(text, "Detection "); n != graph.MaxDetections {
		t.Errorf("%d detections shown, want %d", n, graph.MaxDetections)
	}
	more := fmt.Sprintf("more not shown: the details read up to %d", graph.MaxDetections)
	last := strings.LastIndex(text, "Detection ")
	if at := strings.Index(text, more); at < last {
		t.Errorf("no %q below the detections:\n%s", more, text)
	}
	if d, _ := reads(e.sim); d != 1 {
		t.Errorf("%d detection requests, want 1", d)
	}
	if got := moreDetectionsText(graph.Detections{More: true, Unshown: 12}); !strings.HasPrefix(got, "12 more not shown") {
		t.Errorf("with a count from Graph: %q", got)
	}
	if got := moreDetectionsText(graph.Detections{List: make([]graph.Detection, 3)}); got != "" {
		t.Errorf("with nothing more: %q", got)
	}
}
