package ui

import (
	"fmt"
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/ui/filter"
)

// Rebuilding the view in slices.
//
// Filtering 100,000 sign-ins takes longer than a frame. Rather than
// freeze the keys, the view is rebuilt in slices of rows, one slice per
// message, while the view already on screen stays as it is and keys
// keep arriving between slices. A newer filter replaces the rebuild in
// progress: what it had done is dropped. The work stays on the update
// loop, which owns the rows (pages and verdicts change them): a
// goroutine would need a copy of 100,000 sign-ins or locks around every
// read.
//
// While a rebuild is pending, every key but those typed into a text
// field is held, and replayed in order once the new view is on screen
// (Model.holdKey): a verdict, select all or an export acts on the view
// the analyst sees, never on one about to be replaced.

// filterSlice is how many rows a slice of a rebuild tests: about a
// millisecond on the project's machine (docs/performance.md). A table
// smaller than a slice is filtered within the keystroke.
const filterSlice = 25_000

// workMsg asks for the next slice of the pending rebuild.
type workMsg struct{}

// advanceRebuild does the next slice of the pending rebuild.
func (ses *session) advanceRebuild() {
	if ses.pending != nil && ses.pending.step(ses) {
		ses.pending = nil
	}
}

// working reports a rebuild in progress: the view on screen is about to
// be replaced.
func (ses *session) working() bool { return ses.pending != nil }

// rebuild filters the view anew, and holds what it has found so far.
type rebuild struct {
	keep keepFunc
	rule viewRule
	// resets is the table's when it began: a reload since starts it
	// again; handled counts the handled sign-ins it hid.
	resets  int
	handled int
	// from are the rows to test when the new rule narrows the one on
	// screen: its view, and the rows loaded since that it did not test
	// (from fromRows on). Nil tests every row.
	from     []int
	fromRows int
	next     int    // the next index in from, or row position, to test
	shown    []bool // shown[pos] for the rows tested so far
	view     []int  // the positions kept so far
}

// viewRule is what decides the view: the filter and what else narrows
// it, and the table's in-place edits when it was applied.
type viewRule struct {
	filter       filter.Filter
	selectedOnly bool
	hideHandled  bool
	pick         *groupPick
	edits        int
}

// ruleNow is the rule the view should follow now.
func (ses *session) ruleNow() viewRule {
	f := ses.find
	return viewRule{filter: f.filter, selectedOnly: f.selectedOnly, hideHandled: f.hideHandled, pick: f.pick, edits: ses.table.edits}
}

// narrows reports whether every row r keeps, the rule of the view on
// screen (built) kept too: the filter was typed on, and nothing else
// changed. "Selected only" never narrows: the selection changes.
func (r viewRule) narrows(built viewRule) bool {
	return r.selectedOnly == built.selectedOnly && !r.selectedOnly && r.hideHandled == built.hideHandled &&
		r.pick == built.pick && r.edits == built.edits && r.filter.Narrows(built.filter)
}

// startRebuild filters the view anew with what narrows it now, replacing
// a rebuild in progress (what it found is dropped). When the new rule
// narrows the one the view on screen was built with, only the rows in
// view, and the rows loaded since, are tested.
func (ses *session) startRebuild() {
	t := &ses.table
	r, replacing := ses.pending, ses.pending != nil
	if !replacing {
		r = ses.spare
		if r == nil {
			r = &rebuild{}
		}
		ses.spare = nil
	}
	r.rule, r.resets, r.next, r.shown, r.view, r.from = ses.ruleNow(), t.resets, 0, r.shown[:0], r.view[:0], nil
	r.keep, r.handled = ses.keepCounting(&r.handled), 0
	if r.rule.narrows(ses.built) {
		// In Graph's order (by position), as the view on screen holds
		// them: the rows it kept are the only candidates, and the handled
		// sign-ins it hid stay hidden, and counted.
		for pos, on := range t.shown[:min(ses.builtRows, len(t.shown))] {
			if on {
				r.from = append(r.from, pos)
			}
		}
		r.fromRows, r.handled = ses.builtRows, ses.find.handled
		r.shown = append(r.shown, make([]bool, len(t.rows))...)
	}
	ses.pending = r
	ses.advanceRebuild()
}

// step tests the next slice of rows, and puts the new view on screen
// once every row is tested. Rows loaded meanwhile are tested too: the
// rebuild ends at the last row loaded.
func (r *rebuild) step(ses *session) bool {
	t := &ses.table
	if t.resets != r.resets {
		// The rows were forgotten (a reload) since it began: test the
		// new ones, every one.
		r.resets, r.next, r.shown, r.view, r.from, r.handled = t.resets, 0, r.shown[:0], r.view[:0], nil, 0
	}
	if r.from != nil {
		if r.narrowFrom(t) {
			r.from, r.next = nil, r.fromRows // then the rows the view did not test
		} else {
			return false
		}
	}
	if len(r.shown) < r.next {
		r.shown = append(r.shown, make([]bool, r.next-len(r.shown))...)
	}
	end := min(r.next+filterSlice, len(t.rows))
	for pos := r.next; pos < end; pos++ {
		on := r.keep == nil || r.keep(pos)
		if pos < len(r.shown) {
			r.shown[pos] = on
		} else {
			r.shown = append(r.shown, on)
		}
		if on {
			r.view = append(r.view, pos)
		}
	}
	r.next = end
	if end < len(t.rows) {
		return false
	}
	cur, hadCur := t.currentPos()
	// The new view takes the table's place, and the old buffers are kept
	// for the next rebuild: 100,000 rows need no new allocation.
	t.view, r.view = r.view, t.view
	t.shown, r.shown = r.shown, t.shown
	ses.built, ses.builtRows, ses.find.handled = r.rule, len(t.rows), r.handled
	r.keep, r.from = nil, nil
	ses.spare = r
	t.viewReplaced(cur, hadCur)
	ses.sortIfNeeded()
	return true
}

// narrowFrom tests the next slice of the rows the old view showed, and
// reports whether all of them are tested.
func (r *rebuild) narrowFrom(t *signInTable) bool {
	end := min(r.next+filterSlice, len(r.from))
	for _, pos := range r.from[r.next:end] {
		if r.keep == nil || r.keep(pos) {
			r.shown[pos] = true
			r.view = append(r.view, pos)
		}
	}
	r.next = end
	return end == len(r.from)
}

// keepNone shows no row: rows appended while a rebuild is pending wait
// for it to test them.
func keepNone(int) bool { return false }

// viewReplaced keeps the cursor on the sign-in at position cur when it is
// still in view, else puts it on the first row.
func (t *signInTable) viewReplaced(cur int, hadCur bool) {
	t.version++
	t.cursor = 0
	if hadCur && cur < len(t.shown) && t.shown[cur] {
		t.cursor = max(slices.Index(t.view, cur), 0)
	}
	t.clamp()
}

// nextSlice asks for the next slice when a rebuild is pending and no
// request for one is on its way.
func (m *Model) nextSlice() tea.Cmd {
	if !m.working() || m.sliceAsked {
		return nil
	}
	m.sliceAsked = true
	return func() tea.Msg { return workMsg{} }
}

// holdKey keeps a key for later while a rebuild is pending, and every key
// after one held, so that keys act in the order pressed and on the view
// on screen. Keys typed into a text field (the filter, whose every
// character starts a rebuild) and quit pass.
func (m *Model) holdKey(msg tea.KeyPressMsg) bool {
	if len(m.held) == 0 && !m.working() {
		return false
	}
	if t, ok := m.top().(textTaker); ok && t.takesText() && len(m.held) == 0 {
		return false
	}
	if key.Matches(msg, m.keys.Quit) && len(m.held) == 0 {
		return false
	}
	if len(m.held) == 0 {
		m.heldFor = m.top()
	}
	m.held = append(m.held, msg)
	return true
}

// replayHeld hands the held keys over in order, once the rebuild is
// done; a key that starts another leaves the rest held until it ends.
// Keys are dropped, and the analyst told, rather than given to a screen
// they were not pressed for: when the screen they were pressed on has
// closed meanwhile (the dispatch ended under the quit dialog), and after
// a key that opened a dialog, which must be read before it is answered.
func (m *Model) replayHeld() tea.Cmd {
	var cmds []tea.Cmd
	for len(m.held) > 0 && !m.working() {
		if m.top() != m.heldFor {
			m.dropHeld("the screen they were pressed on closed meanwhile")
			break
		}
		k := m.held[0]
		m.held = m.held[1:]
		cmds = append(cmds, m.handleKeyNow(k))
		m.afterMessage()
		opened := m.top() != m.heldFor && m.top().layer() == layerDialog
		m.heldFor = m.top()
		if opened && len(m.held) > 0 {
			m.dropHeld("a dialog opened, to be read before it is answered")
		}
	}
	return tea.Batch(cmds...)
}

// dropHeld forgets the held keys, saying why.
func (m *Model) dropHeld(why string) {
	m.note = fmt.Sprintf("%s pressed while the view was being prepared %s dropped: %s.",
		plural(len(m.held), "key"), map[bool]string{true: "was", false: "were"}[len(m.held) == 1], why)
	m.held = nil
}
