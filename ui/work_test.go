package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/ui/filter"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// bigModel is a model at 160x45 with n synthetic sign-ins (500 users,
// user0 to user499), more than a slice of work when n > filterSlice.
func bigModel(t *testing.T, n int) *Model {
	m := New(Config{Graph: offlineGraph(t), Source: "test", Query: graph.Query{}})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 45})
	appendRows(m, syntheticRows(n)...)
	m.listing.loading = false
	return m
}

// finishWork delivers the work messages the program would, until no rebuild
// is pending.
func finishWork(t *testing.T, m *Model) {
	t.Helper()
	for i := 0; m.working(); i++ {
		if i > 1000 {
			t.Fatal("the work never ended")
		}
		m.Update(workMsg{})
	}
}

// typeText types s into whatever has the keys.
func typeText(m *Model, s string) {
	for _, r := range s {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

// matching counts the sign-ins whose UPN contains sub.
func matching(rows []graph.SignIn, sub string) int {
	n := 0
	for _, s := range rows {
		if strings.Contains(s.UPN, sub) {
			n++
		}
	}
	return n
}

// Select all pressed while the view is being filtered anew waits for the
// new view, and selects what that view shows: never the rows of the view
// about to be replaced.
func TestSelectAllWaitsForTheViewBeingBuilt(t *testing.T) {
	const n = 3*filterSlice + 10
	m := bigModel(t, n)
	m.Update(keyPress(keys.Filter.Keys()[0]))
	typeText(m, "user42@")
	if !m.working() {
		t.Fatalf("filtering %d rows was done within the keystroke: no slice is left to test", n)
	}
	if got := m.table.shownLen(); got != n {
		t.Fatalf("the view changed before it was complete: %d rows in view, want the %d of before", got, n)
	}
	m.Update(keyPress(keys.FilterApply.Keys()[0]))
	m.Update(keyPress(keys.SelectAll.Keys()[0]))
	if m.selected.len() != 0 {
		t.Fatalf("select all acted on the view being replaced: %d selected", m.selected.len())
	}
	finishWork(t, m)
	want := matching(syntheticRows(n), "user42@")
	if got := m.selected.len(); got != want || m.table.shownLen() != want {
		t.Fatalf("after the filter: %d selected and %d in view, want %d (the rows of user42)", got, m.table.shownLen(), want)
	}
	if len(m.held) != 0 {
		t.Fatalf("%d keys still held", len(m.held))
	}
}

// Each character typed replaces the rebuild in progress, whose partial
// result is dropped; rows loaded while it runs are tested too.
func TestEachFilterCharacterReplacesTheRebuild(t *testing.T) {
	const n = 2*filterSlice + 10
	m := bigModel(t, n)
	m.Update(keyPress(keys.Filter.Keys()[0]))
	typeText(m, "user7")
	m.Update(workMsg{}) // one slice of "user7"
	typeText(m, "@")
	more := syntheticRows(n + 1000)[n:]
	appendRows(m, more...)
	if got := m.table.shownLen(); got != n {
		t.Fatalf("rows loaded during the rebuild were shown before it ended: %d in view", got)
	}
	finishWork(t, m)
	want := matching(syntheticRows(n+1000), "user7@")
	if got := m.table.shownLen(); got != want {
		t.Fatalf("%d rows in view, want the %d that match user7@ among every row loaded", got, want)
	}
	for i := range m.table.shownLen() {
		if s := m.table.at(i); !strings.Contains(s.UPN, "user7@") {
			t.Fatalf("row %d (%s) does not match the filter", i, s.UPN)
		}
	}
}

// Select all at 100,000 rows is a flag per row, within the keystroke: a
// verdict key right after it asks about every one of them.
func TestSelectAllIsAFlagPerRow(t *testing.T) {
	const n = 100_000
	m := bigModel(t, n)
	m.Update(keyPress(keys.SelectAll.Keys()[0]))
	if m.working() {
		t.Fatal("select all left work to do")
	}
	m.Update(keyPress(keys.Verdicts[0].Keys()[0]))
	d, ok := m.top().(*confirmDialog)
	if !ok {
		t.Fatalf("the verdict key did not open its dialog; top is %T", m.top())
	}
	if got := len(d.plan.sent()); got != n {
		t.Fatalf("the dialog would send %d sign-ins, want all %d", got, n)
	}
}

// The selection of loaded rows survives a reload by ID, and comes back as
// their rows do; IDs selected before their rows came are taken in too.
func TestTheSelectionSurvivesAReload(t *testing.T) {
	rows := syntheticRows(300)
	m := bigModel(t, 0)
	appendRows(m, rows[:200]...)
	m.selected.add(rows[10].ID, rows[150].ID, rows[250].ID) // 250 is not loaded yet
	if m.selected.len() != 3 || m.selected.loaded() != 2 {
		t.Fatalf("%d selected, %d loaded", m.selected.len(), m.selected.loaded())
	}
	m.reload() // its requests go nowhere: the pages come from the test
	if m.selected.len() != 3 || m.selected.loaded() != 0 {
		t.Fatalf("after the reload: %d selected, %d loaded", m.selected.len(), m.selected.loaded())
	}
	appendRows(m, rows[100:]...)
	m.afterMessage()
	if m.selected.len() != 3 || m.selected.loaded() != 2 || m.notLoaded != 1 {
		t.Fatalf("rows 100 to 299 back: %d selected, %d loaded, %d not loaded", m.selected.len(), m.selected.loaded(), m.notLoaded)
	}
	for _, id := range []string{rows[10].ID, rows[150].ID, rows[250].ID} {
		if !m.selected.has(id) {
			t.Errorf("%s lost its selection", id)
		}
	}
}

// Typing on narrows the view from the rows in it, and the result is the
// view a filter over every row gives: with pages loaded while the
// rebuild runs, after a verdict changed rows in place, and after the
// text was cut back.
func TestANarrowedViewIsTheFilteredView(t *testing.T) {
	const n = filterSlice + 500
	rows := syntheticRows(n + 2000)
	for i := range rows {
		rows[i].IP = fmt.Sprintf("10.0.%d.%d", i%7, i%250)
	}
	m := bigModel(t, 0)
	appendRows(m, rows[:n]...)
	m.Update(keyPress(keys.Filter.Keys()[0]))
	loaded := n
	check := func(text string) {
		t.Helper()
		finishWork(t, m)
		flt, err := filter.Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		for i := range rows[:loaded] {
			if flt.Match(&rows[i]) {
				want = append(want, rows[i].ID)
			}
		}
		var got []string
		for i := range m.table.shownLen() {
			got = append(got, m.table.at(i).ID)
		}
		if !slices.Equal(got, want) {
			t.Fatalf("after %q: %d rows in view, want %d", text, len(got), len(want))
		}
	}
	text := ""
	for _, step := range []string{"u", "e", "r", "1", " ", "i", "p", ":", "1", "0", ".", "0", ".", "3"} {
		text += step
		typeText(m, step)
		if text == "u" {
			if !m.working() {
				t.Fatal("no rebuild pending after the first character")
			}
			appendRows(m, rows[n:n+1000]...) // loaded while a rebuild runs
			loaded += 1000
			typeText(m, "s") // narrows the view on screen, and the rows loaded since
			text += "s"
		}
		check(text)
	}
	for range 4 { // cut back: wider again
		m.Update(keyPress("backspace"))
		text = text[:len(text)-1]
		check(text)
	}
	appendRows(m, rows[n+1000:]...) // loaded with no rebuild pending
	loaded += 1000
	typeText(m, "3")
	check(text + "3")
}

// The count of handled sign-ins hidden is the whole count after a rebuild
// that narrows replaces one that was testing every row.
func TestTheHandledCountSurvivesAReplacedRebuild(t *testing.T) {
	const n = 2*filterSlice + 10
	rows := syntheticRows(n)
	handledWant := 0
	for i := range rows {
		if i%10 == 0 {
			rows[i].RiskState = graph.RiskStateConfirmedSafe
			handledWant++ // hidden whatever the filter says of it
		}
	}
	m := bigModel(t, 0)
	appendRows(m, rows...)
	m.toggleHideHandled()
	finishWork(t, m)
	m.Update(keyPress(keys.Filter.Keys()[0]))
	typeText(m, "user1")
	finishWork(t, m)
	if m.find.handled != handledWant {
		t.Fatalf("after user1: %d handled hidden, want %d", m.find.handled, handledWant)
	}
	m.Update(keyPress("backspace")) // "user": tests every row again
	if !m.working() {
		t.Fatal("the wider filter was done within the keystroke")
	}
	typeText(m, "1") // "user1" again, replacing it: narrows the view on screen
	finishWork(t, m)
	if m.find.handled != handledWant {
		t.Fatalf("after the replaced rebuild: %d handled hidden, want %d", m.find.handled, handledWant)
	}
}

// A verdict key and its y, pressed while the view was being built, open
// the dialog and stop there: the y is dropped, with a word, since the
// dialog it would answer was never on screen. Nothing is sent.
func TestAYesHeldForADialogNotYetShownIsDropped(t *testing.T) {
	const n = 2*filterSlice + 10
	m := bigModel(t, n)
	m.selected.add(syntheticRows(1)[0].ID)
	m.afterMessage()
	m.Update(keyPress(keys.Filter.Keys()[0]))
	typeText(m, "user0@")
	m.Update(keyPress(keys.FilterApply.Keys()[0]))
	m.Update(keyPress(keys.Verdicts[0].Keys()[0]))
	m.Update(keyPress(keys.Yes.Keys()[0]))
	finishWork(t, m)
	if _, ok := m.top().(*confirmDialog); !ok || m.dispatch.running || len(m.requests) > 0 {
		t.Fatalf("top %T, dispatch running %v: the held y answered a dialog never drawn", m.top(), m.dispatch.running)
	}
	if !strings.Contains(m.note, "dropped") {
		t.Fatalf("the analyst was not told of the dropped key: %q", m.note)
	}
}

// The rest's first page repeats the sign-ins of the first page's oldest
// second on purpose: a page of those only (all the client's own filter
// kept of it) does not stop the listing as a loop would.
func TestTheRestsFirstPageMayRepeatTheFirstPage(t *testing.T) {
	rows := syntheticRows(200)
	m := bigModel(t, 0)
	m.startListing() // its requests go nowhere: the pages come from the test
	if !m.listing.first {
		t.Fatal("the listing did not begin with a small first request")
	}
	m.Update(pageLoadedMsg{gen: m.listing.gen, page: graph.Page{SignIns: rows[:100], NextLink: "http://127.0.0.1:9/next", Received: 100}})
	if m.listing.first || m.listing.err != nil {
		t.Fatalf("after the first page: first %v, err %v", m.listing.first, m.listing.err)
	}
	m.Update(pageLoadedMsg{gen: m.listing.gen, page: graph.Page{SignIns: rows[99:100], NextLink: "http://127.0.0.1:9/rest2", Received: 999}})
	if m.listing.err != nil {
		t.Fatalf("the listing stopped with pages to come: %v", m.listing.err)
	}
	// A later page of repeats only is a loop again.
	m.Update(pageLoadedMsg{gen: m.listing.gen, page: graph.Page{SignIns: rows[50:60], NextLink: "http://127.0.0.1:9/rest3", Received: 10}})
	if m.listing.err == nil {
		t.Fatal("a later page of repeats only did not stop the listing")
	}
}

// An ID selected before its row came is loaded once the row is, whoever
// asks first.
func TestAnIDSelectedAwayIsLoadedWithItsRow(t *testing.T) {
	rows := syntheticRows(3)
	m := bigModel(t, 0)
	m.selected.add(rows[1].ID)
	m.table.append(rows, nil) // no message: nothing else catches the selection up
	for id := range m.selected.notLoaded() {
		t.Fatalf("%s is loaded, yet listed as not loaded", id)
	}
	if m.selected.loaded() != 1 || m.selected.len() != 1 {
		t.Fatalf("%d selected, %d loaded", m.selected.len(), m.selected.loaded())
	}
}
