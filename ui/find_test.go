package ui

import (
	"fmt"

	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// TestFilterNarrowsTheViewLive: each keystroke refilters; the header says
// how many rows are shown of how many loaded.
func TestFilterNarrowsTheViewLive(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 400}, 0)
	h := loaded(t, e, 160, 40)
	loadedRows := h.loaded()
	want := 0
	for _, s := range h.rows() {
		if strings.HasPrefix(s.IP, "185.220.") {
			want++
		}
	}
	h.press(keys.Filter)
	h.typeText("ip:185.220.")
	if got := h.shownLen(); got != want || want == 0 {
		t.Fatalf("ip:185.220. shows %d rows, want %d", got, want)
	}
	if !strings.Contains(h.screen(), fmt.Sprintf("Shown %d of %d", want, loadedRows)) {
		t.Errorf("header:\n%s", h.screen())
	}
	for i := range h.shownLen() {
		if !strings.HasPrefix(h.rowAt(i).IP, "185.220.") {
			t.Fatalf("row %d (%s) does not match", i, h.rowAt(i).IP)
		}
	}
	h.typeText(" !risk:high")
	if h.shownLen() >= want {
		t.Errorf("adding !risk:high did not narrow (%d)", h.shownLen())
	}
	h.press(keys.FilterApply)
	if h.filterTyping() || !strings.Contains(h.screen(), "Filter ip:185.220. !risk:high") {
		t.Errorf("enter should keep the filter and give the keys back:\n%s", h.screen())
	}
	h.press(keys.Filter, keys.FilterClear)
	if h.shownLen() != loadedRows || strings.Contains(h.screen(), "Shown") {
		t.Errorf("esc should clear the filter: %d shown", h.shownLen())
	}
}

func TestFilterErrorKeepsTheLastGoodFilter(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 200}, 0)
	h := loaded(t, e, 160, 40)
	h.press(keys.Filter)
	h.typeText("teams")
	teams := h.shownLen()
	h.typeText(" colour:red")
	if !strings.Contains(h.prose(), `"colour" is not a field: use user, app, ip`) {
		t.Fatalf("screen:\n%s", h.screen())
	}
	// "teams colour" parsed (two plain terms) before the colon made it wrong.
	if got := h.filterText(); got != "teams colour" {
		t.Errorf("filter in force %q, want the last one that parsed", got)
	}
	for range len(":red") + len("colour") + 1 {
		h.update(keyPressCode(tea.KeyBackspace))
	}
	h.settle()
	if h.filterErr() != nil || h.shownLen() != teams {
		t.Errorf("after deleting the bad term: err %v, %d shown, want %d", h.filterErr(), h.shownLen(), teams)
	}
}

// TestHiddenSelectionIsCountedAndSent: a selected row that the filter
// hides stays selected, is counted as hidden, is called out in the dialog,
// and is sent.
func TestHiddenSelectionIsCountedAndSent(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 200}, 0)
	h := loaded(t, e, 160, 40)
	ids := selectFirst(h, 2)
	first := h.signIn(ids[0])
	h.press(keys.Filter)
	h.typeText("!user:" + strings.Split(first.UPN, "@")[0])
	h.press(keys.FilterApply)
	if h.isShown(ids[0]) {
		t.Fatal("the filter did not hide row 1")
	}
	if !h.isSelected(ids[0]) {
		t.Fatal("hiding a row unselected it")
	}
	hidden := h.hiddenSelected()
	if hidden < 1 || !strings.Contains(h.screen(), fmt.Sprintf("Selected 2 (%d not in view)", hidden)) {
		t.Fatalf("header:\n%s", h.screen())
	}
	h.press(safeKey)
	if !strings.Contains(h.prose(), fmt.Sprintf("%d of the selected %s not in view (the filter)", hidden, isAre(hidden))) {
		t.Fatalf("dialog:\n%s", h.screen())
	}
	h.press(keys.Yes)
	h.settle()
	reqs := e.sim.ActionRequests()
	if len(reqs) != 1 || len(reqs[0].IDs) != 2 {
		t.Fatalf("sent %+v", reqs)
	}
	for _, id := range ids {
		if s, _ := e.sim.SignIn(id); s.RiskState != string(graph.RiskStateConfirmedSafe) {
			t.Errorf("%s is %s", id, s.RiskState)
		}
	}
}

func TestSelectedOnlyAndSelectAllInView(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 300}, 0)
	h := loaded(t, e, 160, 40)
	h.press(keys.Filter)
	h.typeText("country:md")
	h.press(keys.FilterApply, keys.SelectAll)
	inView := h.shownLen()
	if h.selectedCount() != inView || inView == 0 {
		t.Fatalf("ctrl+a selected %d, %d in view", h.selectedCount(), inView)
	}
	h.press(keys.Filter, keys.FilterClear, keys.SelectedOnly)
	if h.shownLen() != inView || !strings.Contains(h.screen(), "SELECTED ONLY") {
		t.Fatalf("selected only shows %d, want %d:\n%s", h.shownLen(), inView, h.screen())
	}
	h.press(keys.SelectedOnly)
	if h.shownLen() != h.loaded() {
		t.Fatal("M again did not show every row")
	}
}

// TestFilterAppliesToPagesStillArriving: rows of later pages are filtered
// as they come.
func TestFilterAppliesToPagesStillArriving(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 1500}, 0)
	release := e.sim.HoldPage(2)
	defer release()
	h := newHarness(t, e.pagedModel(graph.Query{PageSize: 500}), 140, 30)
	h.waitFor("page 1", func() bool { return h.loaded() == 500 })
	h.key(keys.Filter)
	for _, r := range "risk:high" {
		h.update(keyPress(string(r)))
	}
	release()
	h.waitFor("the listing", func() bool { return !h.loading() })
	for i := range h.shownLen() {
		if h.rowAt(i).RiskLevel != graph.RiskLevelHigh {
			t.Fatalf("a later page's %s row is shown", h.rowAt(i).RiskLevel)
		}
	}
	if h.loaded() != 1500 {
		t.Fatalf("%d loaded", h.loaded())
	}
}

// TestSortCyclesAndReverses: o moves through time, user, risk, result,
// country and app; O reverses; the header names the order; the selection is untouched.
func TestSortCyclesAndReverses(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 300}, 0)
	h := loaded(t, e, 200, 40)
	ids := selectFirst(h, 2)
	check := func(name string, ordered func(a, b *graph.SignIn) bool) {
		t.Helper()
		for i := 1; i < h.shownLen(); i++ {
			if !ordered(h.rowAt(i-1), h.rowAt(i)) {
				t.Fatalf("%s: rows %d and %d are out of order", name, i-1, i)
			}
		}
		if !strings.Contains(h.screen(), "Sort "+name) {
			t.Errorf("the header does not say %q:\n%s", name, h.screen())
		}
	}
	check("time ↓", func(a, b *graph.SignIn) bool { return !a.Created.Before(b.Created) })
	h.press(keys.Sort)
	check("user ↑", func(a, b *graph.SignIn) bool { return a.UPN <= b.UPN })
	h.press(keys.SortOrder)
	check("user ↓", func(a, b *graph.SignIn) bool { return a.UPN >= b.UPN })
	h.press(keys.Sort)
	check("risk ↓", func(a, b *graph.SignIn) bool { return a.RiskLevel.Rank() >= b.RiskLevel.Rank() })
	h.press(keys.Sort)
	check("result ↓", func(a, b *graph.SignIn) bool { return resultRank(a) >= resultRank(b) })
	h.press(keys.Sort)
	check("country ↑", func(a, b *graph.SignIn) bool { return a.Country <= b.Country })
	h.press(keys.Sort)
	check("app ↑", func(a, b *graph.SignIn) bool { return a.App <= b.App })
	h.press(keys.Sort)
	check("time ↓", func(a, b *graph.SignIn) bool { return !a.Created.Before(b.Created) })
	for _, id := range ids {
		if !h.isSelected(id) {
			t.Errorf("sorting lost the selection of %s", id)
		}
	}
}

// TestQueryEditorReloadsWithTheNewQuery: f opens the editor; the fields
// reach Graph as one $filter; a bad value is refused with what is allowed.
func TestQueryEditorReloadsWithTheNewQuery(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 300}, 0)
	h := loaded(t, e, 160, 40)
	selectFirst(h, 1)
	h.press(keys.Query)
	if !strings.Contains(h.screen(), "What to fetch from Graph") {
		t.Fatalf("editor:\n%s", h.screen())
	}
	clearField := func() {
		for range 40 {
			h.update(keyPressCode(tea.KeyBackspace))
		}
	}
	clearField() // risk states, the first field
	h.typeText("atRisk,dismissed")
	h.press(keys.NextField) // risk levels
	h.typeText("severe")
	h.press(keys.Apply)
	if !h.queryEditorOpen() || !strings.Contains(h.prose(), `risk levels: "severe" is not one of high`) {
		t.Fatalf("a bad level was not refused:\n%s", h.screen())
	}
	clearField()
	h.typeText("high")
	h.press(keys.NextField, keys.NextField, keys.NextField) // since, user, app
	h.typeText("Office")
	h.press(keys.Apply)
	h.waitFor("the reload", func() bool { return !h.loading() })
	reqs := e.sim.Requests()
	last := reqs[len(reqs)-1]
	want := "createdDateTime ge 2026-10-28T12:00:00Z and (riskState eq 'atRisk' or riskState eq 'dismissed') and riskLevelAggregated eq 'high' and startswith(appDisplayName,'Office')"
	if last.Filter != want {
		t.Fatalf("Graph received\n%s\nwant\n%s", last.Filter, want)
	}
	for _, s := range h.rows() {
		if s.RiskLevel != graph.RiskLevelHigh || !strings.HasPrefix(s.App, "Office") {
			t.Fatalf("a %s row of %s came back", s.RiskLevel, s.App)
		}
	}
	if !strings.Contains(h.screen(), "atRisk, dismissed · risk high") || h.selectedCount() != 1 {
		t.Errorf("header or selection after the reload:\n%s", h.screen())
	}
}
