package ui

import (
	"bufio"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// TestAnOverlongIDIsNeverSentOrJournaled: a tenant that lists a sign-in
// whose ID is 600,000 characters long. The row is listed, but neither
// space nor ctrl+a selects it, and the screen says why; a verdict on
// everything else goes out without it, and the journal holds no record
// of it. A second session on the same journal still sends a verdict.
func TestAnOverlongIDIsNeverSentOrJournaled(t *testing.T) {
	const long = 600_000
	e := newEnv(t, simtenant.Options{SignIns: 40, LongID: long, AcceptNeverFlagged: true}, 0)
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	client := simtest.Client(t, e.sim, graph.Options{Recorder: j})
	q := graph.Query{Window: 90 * 24 * time.Hour}.At(testNow) // every state
	h := newHarness(t, New(Config{Graph: client, Journal: j, Query: q, Source: "test", Now: func() time.Time { return testNow }}), 160, 50)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	at := -1
	for i := range h.shownLen() {
		if len(h.rowAt(i).ID) == long {
			at = i
		}
	}
	if at < 0 {
		t.Fatalf("the sign-in with the long ID is not listed (%d rows)", h.shownLen())
	}
	longID := h.rowAt(at).ID
	h.press(keys.Top)
	for range at {
		h.press(keys.Down)
	}
	h.press(keys.Toggle)
	if h.isSelected(longID) || h.selectedLen() != 0 {
		t.Fatalf("space selected the sign-in with the long ID (%d selected)", h.selectedLen())
	}
	if !strings.Contains(h.prose(), "cannot be selected or sent") {
		t.Errorf("the screen does not say why the row was not selected:\n%s", h.screen())
	}
	h.press(keys.SelectAll)
	if h.isSelected(longID) || h.selectedLen() != h.shownLen()-1 {
		t.Fatalf("ctrl+a selected %d of %d, the long ID %v", h.selectedLen(), h.shownLen(), h.isSelected(longID))
	}
	if !strings.Contains(h.prose(), "cannot be selected or sent") {
		t.Errorf("the screen does not say why one row was not selected:\n%s", h.screen())
	}
	// One sign-in at risk is kept for the second session.
	target := ""
	for i := range h.shownLen() {
		if s := h.rowAt(i); s.RiskState == graph.RiskStateAtRisk && s.ID != longID {
			target = s.ID
		}
	}
	if target == "" {
		t.Fatal("the tenant lists no sign-in at risk")
	}
	h.m.selected.remove(target)
	h.press(dismissKey, keys.Yes)
	h.waitFor("the dispatch", func() bool { return !h.sending() })
	sent := 0
	for _, r := range e.sim.ActionRequests() {
		for _, id := range r.IDs {
			if len(id) > graph.MaxIDLength {
				t.Fatalf("a request carried an ID of %d characters", len(id))
			}
			sent++
		}
	}
	if sent == 0 {
		t.Fatal("nothing was sent for the other rows")
	}
	if err := j.Close(); err != nil {
		t.Fatal(err)
	}
	h.m.cancel()
	checkJournalLines(t, path)

	// A later session reads the journal and still acts.
	j2, err := journal.Open(path)
	if err != nil {
		t.Fatalf("the journal does not open again: %v", err)
	}
	defer j2.Close()
	client2 := simtest.Client(t, e.sim, graph.Options{Recorder: j2})
	h2 := newHarness(t, New(Config{Graph: client2, Journal: j2, Query: q, Source: "test", Now: func() time.Time { return testNow }}), 160, 50)
	h2.waitFor("the listing", func() bool { return !h2.loading() })
	h2.settle()
	before := len(e.sim.ActionRequests())
	selectIDs(h2.m, target)
	h2.press(safeKey, keys.Yes)
	h2.waitFor("the dispatch", func() bool { return !h2.sending() })
	reqs := e.sim.ActionRequests()
	if len(reqs) != before+1 || reqs[before].Status/100 != 2 || len(reqs[before].IDs) != 1 || reqs[before].IDs[0] != graph.CanonicalID(target) {
		t.Fatalf("the second session's verdict: %d requests after %d, last %+v", len(reqs), before, reqs[len(reqs)-1])
	}
	checkJournalLines(t, path)
}

// checkJournalLines fails when a line of the journal at path is longer
// than a few batches of GUIDs could make it.
func checkJournalLines(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	lines := 0
	for sc.Scan() {
		lines++
		if n := len(sc.Bytes()); n > 64<<10 {
			t.Errorf("journal line %d is %d bytes long", lines, n)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if lines == 0 {
		t.Error("the journal is empty: nothing was recorded")
	}
}

// TestAnEndlessListingStopsAtItsCap: a tenant whose pages bring fresh
// sign-ins and a fresh nextLink for ever. The listing stops at the query's
// row cap, keeps exactly that many, and the status says why and what to
// do.
func TestAnEndlessListingStopsAtItsCap(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 50, Endless: true}, 0)
	q := graph.DefaultQuery(testNow)
	q.PageSize, q.MaxRows = 400, 1_000
	h := newHarness(t, e.pagedModel(q), 160, 50)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	if !errors.As(h.listingErr(), new(*graph.RowCapError)) || h.loaded() != 1_000 {
		t.Fatalf("the listing ended with %v, %d rows loaded", h.listingErr(), h.loaded())
	}
	if s := h.prose(); !strings.Contains(s, "cap of 1000 sign-ins") || !strings.Contains(s, "narrow the query") {
		t.Errorf("the status does not say why the listing stopped:\n%s", h.screen())
	}
	if n := countAction(e.sim.Requests(), "list"); n > 4 {
		t.Errorf("%d requests for 1,000 rows of 400 a page", n)
	}
}

// TestTheDetailsShowAnOverlongIDInPart: the details of a sign-in with a
// 600,000-character ID show its first characters, its length and why it
// cannot be sent, not the whole of it at every redraw.
func TestTheDetailsShowAnOverlongIDInPart(t *testing.T) {
	text := idText(strings.Repeat("7", 600_000))
	if len(text) > 400 || !strings.Contains(text, "600000 characters in all") || !strings.Contains(text, "cannot be selected or sent") {
		t.Errorf("the ID reads %d bytes: %.200q", len(text), text)
	}
	if got := idText("zw\u200bsp-A"); got != `zw\u200bsp-A` {
		t.Errorf("a Graph-sized ID reads %q", got)
	}
}

// countAction counts the requests of one action ("list", "namedLocations").
func countAction(reqs []simtenant.Request, action string) int {
	n := 0
	for _, r := range reqs {
		if r.Action == action {
			n++
		}
	}
	return n
}
