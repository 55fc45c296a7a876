package ui

import (
	"slices"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// TestGroupKeysCycleBothWays: b goes to the next group key, B to the one
// before; from the first, B goes to the last.
func TestGroupKeysCycleBothWays(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 200}, 0)
	h := loaded(t, e, 80, 24)
	h.press(keys.Group)
	h.press(keys.GroupBy)
	if h.groupedBy() != byIP {
		t.Fatalf("b: grouped by %s", h.groupedBy())
	}
	h.press(keys.GroupByBack)
	if h.groupedBy() != byUser {
		t.Fatalf("b then B: grouped by %s, want user", h.groupedBy())
	}
	h.press(keys.GroupByBack)
	if h.groupedBy() != groupBys-1 {
		t.Fatalf("B from the first key: grouped by %s, want %s", h.groupedBy(), groupBy(groupBys-1))
	}
	// The label that says where the analyst is survives 80 columns.
	if !strings.Contains(h.screen(), "GROUPED BY "+strings.ToUpper(h.groupedBy().String())) {
		t.Errorf("the header at 80 columns does not say how the rows are grouped:\n%s", h.screen())
	}
}

// TestGroupsSortByCountNewestAndRisk: o orders the groups by the most
// sign-ins, then the newest, then the highest risk; O reverses.
func TestGroupsSortByCountNewestAndRisk(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 300}, 0)
	h := loaded(t, e, 160, 40)
	h.press(keys.Group, keys.GroupBy) // by IP: groups of many sizes, times and risks
	sorted := func(cmp func(a, b group) int) bool { return slices.IsSortedFunc(h.groups(), cmp) }
	if !sorted(func(a, b group) int { return len(b.rows) - len(a.rows) }) {
		t.Fatal("the groups do not start sorted by size")
	}
	h.press(keys.Sort)
	if !sorted(func(a, b group) int { return b.newest.Compare(a.newest) }) || !strings.Contains(h.screen(), "groups by newest ↓") {
		t.Errorf("o: not sorted by the newest sign-in:\n%s", h.screen())
	}
	h.press(keys.Sort)
	if !sorted(func(a, b group) int { return b.risk.Rank() - a.risk.Rank() }) {
		t.Error("o o: not sorted by risk")
	}
	h.press(keys.SortOrder)
	if !sorted(func(a, b group) int { return a.risk.Rank() - b.risk.Rank() }) || !strings.Contains(h.screen(), "groups by risk ↑") {
		t.Errorf("O: not reversed:\n%s", h.screen())
	}
	h.press(keys.Sort)
	if !sorted(func(a, b group) int { return len(a.rows) - len(b.rows) }) {
		t.Error("o after O: not sorted by size, fewest first")
	}
}

// TestDetailsStepThroughTheRows: in the details, j and k show the next and
// previous sign-in without leaving; closing them leaves the cursor there.
func TestDetailsStepThroughTheRows(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	h := loaded(t, e, 100, 30)
	first, second := h.rowAt(0).ID, h.rowAt(1).ID
	h.press(keys.Details)
	if !strings.Contains(h.screen(), first) {
		t.Fatalf("the details do not show the first sign-in:\n%s", h.screen())
	}
	h.press(keys.Down)
	if !h.detailsOpen() || !strings.Contains(h.screen(), second) || strings.Contains(h.screen(), first) {
		t.Fatalf("j did not show the next sign-in:\n%s", h.screen())
	}
	h.press(keys.Up)
	if !strings.Contains(h.screen(), first) {
		t.Fatalf("k did not show the previous sign-in:\n%s", h.screen())
	}
	h.press(keys.Up)
	if !strings.Contains(h.prose(), "No previous sign-in in view.") {
		t.Errorf("k on the first row does not say there is none:\n%s", h.screen())
	}
	h.press(keys.Down, keys.Down, keys.Back)
	if cur, _ := h.current(); h.detailsOpen() || cur.ID != h.rowAt(2).ID {
		t.Errorf("after two steps down and esc the cursor is on %s, want row 3", cur.ID)
	}
}

// TestAnEmptyViewSaysWhy: a filter that keeps nothing leaves a table that
// says so and what to do, not a blank one.
func TestAnEmptyViewSaysWhy(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	h := loaded(t, e, 100, 30)
	n := h.loaded()
	h.press(keys.Filter)
	h.typeText("user:nobody-by-this-name")
	h.press(keys.FilterApply)
	want := "None of the " + plural(n, "sign-in") + " loaded is in view: the filter leaves none."
	if !strings.Contains(h.prose(), want) {
		t.Errorf("the empty view does not say %q:\n%s", want, h.screen())
	}
}

func TestWrapWordsKeepsIDsWhole(t *testing.T) {
	got := wrapWords("✓ request 1/2: 2 sign-ins now confirmedSafe (HTTP 204, request-id 5e1a0000-0000-4000-8000-000000000004)", 60)
	if !strings.Contains(got, "5e1a0000-0000-4000-8000-000000000004") {
		t.Errorf("a request-id was broken:\n%s", got)
	}
	for _, l := range strings.Split(wrapWords(strings.Repeat("x", 25)+" yy", 10), "\n") {
		if len(l) > 10 {
			t.Errorf("a line of %d cells at width 10: %q", len(l), l)
		}
	}
	if got := wrapWords("a\nb c", 80); got != "a\nb c" {
		t.Errorf("line breaks not kept: %q", got)
	}
}

func TestWrapWordsEndsAtAnyWidth(t *testing.T) {
	for _, width := range []int{1, 2, 3} {
		got := wrapWords("山田太郎@contoso.com", width) // returns at all: a wide rune in a 1-cell line is taken whole
		if strings.ReplaceAll(got, "\n", "") != "山田太郎@contoso.com" {
			t.Errorf("width %d lost text: %q", width, got)
		}
	}
}

// TestARangeEndsWhenRowsAreSortedIn: a page sorted in among a range would
// change which rows it covers; the range ends, selecting nothing.
func TestARangeEndsWhenRowsAreSortedIn(t *testing.T) {
	m := New(Config{Graph: offlineGraph(t), Source: "test"})
	m.Update(teaSize(120, 30))
	rows := syntheticRows(40)
	appendRows(m, rows[:20]...)
	m.Update(keyPress(keys.Sort.Keys()[0])) // by user
	m.Update(keyPress(keys.Range.Keys()[0]))
	m.Update(keyPress(keys.Down.Keys()[0]))
	appendRows(m, rows[20:]...)
	if m.rng.active || m.selected.len() != 0 || !strings.Contains(m.note, "range was canceled") {
		t.Errorf("range active %v, %d selected, note %q", m.rng.active, m.selected.len(), m.note)
	}
}

// TestQOnAReadingScreenGoesBack: q in the help, the details and the
// request log goes back, as esc does, with rows selected; the program
// does not end. ctrl+c still quits.
func TestQOnAReadingScreenGoesBack(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	h := loaded(t, e, 120, 40)
	selectFirst(h, 2)
	for _, open := range []key.Binding{keys.Help, keys.Details, keys.RequestLog} {
		h.press(open)
		if h.m.top().layer() != layerBody || len(h.m.stack) != 2 {
			t.Fatalf("%s opened no screen", open.Help().Key)
		}
		h.press(keys.Quit)
		if h.quit || len(h.m.stack) != 1 || h.selectedCount() != 2 {
			t.Fatalf("q on the screen %s opens: quit %v, stack %d, selected %d", open.Help().Key, h.quit, len(h.m.stack), h.selectedCount())
		}
	}
	h.press(keys.Help)
	h.update(keyPress("ctrl+c"))
	h.settle()
	if !h.quit {
		t.Fatal("ctrl+c in the help did not quit")
	}
}

// TestWrapWordsCutsALongWordWhole: a word of 600,000 characters (an ID,
// an error text a hostile server sent) is cut into lines of the width
// exactly, and nothing is lost or added.
func TestWrapWordsCutsALongWordWhole(t *testing.T) {
	word := strings.Repeat("0123456789", 60_000) + "山"
	lines := strings.Split(wrapWords(word, 77), "\n")
	for i, l := range lines[:len(lines)-1] {
		if w := ansi.StringWidth(l); w != 77 {
			t.Fatalf("line %d is %d wide", i, w)
		}
	}
	if strings.Join(lines, "") != word {
		t.Error("the lines do not add up to the word")
	}
}

// BenchmarkWrapLongWord wraps a 600,000-character word, as the status
// pane and the details do after every message when Graph sends one:
// linear, not a pass over the rest at each line.
func BenchmarkWrapLongWord(b *testing.B) {
	word := strings.Repeat("x", 600_000)
	for b.Loop() {
		wrapWords(word, 100)
	}
}
