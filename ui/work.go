package ui

import (
	"slices"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
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

// filterSlice is how many rows a slice of the rebuild tests: about a
// millisecond of filtering on the project's machine (docs/performance.md).
// A table smaller than a slice is rebuilt within the keystroke.
const filterSlice = 25_000

// rebuild is the view being filtered anew, and what it has found so far.
type rebuild struct {
	active bool
	keep   keepFunc
	next   int    // the next row position to test
	shown  []bool // shown[pos] for the rows tested so far
	view   []int  // the positions kept so far, in Graph's order
}

// workMsg asks for the next slice of the pending rebuild.
type workMsg struct{}

// startRebuild filters the view anew with keep, replacing any rebuild in
// progress, and does its first slice now: a small table is done at once.
func (ses *session) startRebuild(keep keepFunc) {
	w := &ses.rebuild
	w.active, w.keep, w.next = true, keep, 0
	w.shown, w.view = w.shown[:0], w.view[:0]
	ses.find.handled = 0 // counted again by keep, row by row
	ses.advanceRebuild()
}

// advanceRebuild tests the next slice of rows, and puts the new view on
// screen once every row is tested. Rows appended meanwhile are tested
// too: the rebuild ends at the last row loaded.
func (ses *session) advanceRebuild() {
	w, t := &ses.rebuild, &ses.table
	if !w.active {
		return
	}
	end := min(w.next+filterSlice, len(t.rows))
	for pos := w.next; pos < end; pos++ {
		on := w.keep == nil || w.keep(&t.rows[pos])
		w.shown = append(w.shown, on)
		if on {
			w.view = append(w.view, pos)
		}
	}
	w.next = end
	if end < len(t.rows) {
		return
	}
	w.active = false
	cur, hadCur := t.currentPos()
	// The new view takes the table's place, and the old buffers are kept
	// for the next rebuild: 100,000 rows need no new allocation.
	t.view, w.view = w.view, t.view
	t.shown, w.shown = w.shown, t.shown
	w.keep = nil
	t.viewReplaced(cur, hadCur)
	ses.sortIfNeeded()
}

// keepNone shows no row: rows appended while a rebuild is pending wait
// for it to test them.
func keepNone(*graph.SignIn) bool { return false }

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

// working reports a rebuild in progress: the view on screen is about to
// be replaced.
func (ses *session) working() bool { return ses.rebuild.active }

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
	if t, ok := m.top().(interface{ takesText() bool }); ok && t.takesText() && len(m.held) == 0 {
		return false
	}
	if key.Matches(msg, m.keys.Quit) && len(m.held) == 0 {
		return false
	}
	m.held = append(m.held, msg)
	return true
}

// replayHeld hands the held keys over in order, once the rebuild is done;
// a key that starts another rebuild leaves the rest held until it ends.
func (m *Model) replayHeld() tea.Cmd {
	var cmds []tea.Cmd
	for len(m.held) > 0 && !m.working() {
		k := m.held[0]
		m.held = m.held[1:]
		cmds = append(cmds, m.handleKeyNow(k))
		m.afterMessage()
	}
	return tea.Batch(cmds...)
}
