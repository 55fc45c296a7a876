package ui

import (
	"fmt"
	"iter"
	"maps"

	"github.com/signin-triage/signin-triage/graph"
)

// selection is the set of selected sign-ins. The loaded ones are flags by
// row position, kept beside the rows: selecting 100,000 sets 100,000
// flags, with no map to fill, and counting them is a walk over flags. The
// selected IDs that are not loaded (the rows of a listing a reload
// replaced, or IDs selected before their rows came) are kept by ID, and
// become flags again when their rows are loaded. So the selection
// survives reloads, filters and sorts, and can hold IDs that are not
// loaded or not in view.
type selection struct {
	t    *signInTable
	at   []bool // at[pos]: the loaded row at pos is selected (rows seen by sync)
	onAt int    // how many of at are set
	away map[string]struct{}
	// resets is the table's count of forgotten rows that at follows.
	resets int
	// version counts changes, for whoever counts selected rows.
	version int
	// refused counts the sign-ins not selected since takeRefused last
	// looked, because they cannot be sent (graph.CheckID); why is the
	// first one's reason.
	refused int
	why     error
}

func newSelection(t *signInTable) selection {
	return selection{t: t, away: map[string]struct{}{}}
}

// sync takes in the rows loaded since it last looked: a row whose ID was
// selected while away becomes a flag.
func (s *selection) sync() {
	if s.resets != s.t.resets {
		// The table forgot its rows: their flags, if unload did not keep
		// them, mean nothing now.
		s.at, s.onAt, s.resets = s.at[:0], 0, s.t.resets
	}
	rows := s.t.rows
	for pos := len(s.at); pos < len(rows); pos++ {
		on := false
		if len(s.away) > 0 {
			if _, on = s.away[rows[pos].ID]; on {
				delete(s.away, rows[pos].ID)
				s.onAt++
				s.version++
			}
		}
		s.at = append(s.at, on)
	}
}

// unload keeps the loaded rows' selection by ID, before the table forgets
// its rows (a reload).
func (s *selection) unload() {
	s.sync()
	for pos, on := range s.at {
		if on {
			s.away[s.t.rows[pos].ID] = struct{}{}
		}
	}
	s.at, s.onAt = s.at[:0], 0
	s.version++
}

func (s *selection) has(id string) bool {
	s.sync()
	if pos, ok := s.t.index[id]; ok {
		return s.at[pos]
	}
	_, ok := s.away[id]
	return ok
}

// set selects or unselects id, and reports whether that changed anything.
// A sign-in that cannot be sent (graph.CheckID) is not selected: see
// takeRefused.
func (s *selection) set(id string, on bool) bool {
	s.sync()
	if on && s.refuse(id) {
		return false
	}
	if pos, ok := s.t.index[id]; ok {
		return s.setAt(pos, on)
	}
	if _, was := s.away[id]; was == on {
		return false
	}
	if on {
		s.away[id] = struct{}{}
	} else {
		delete(s.away, id)
	}
	s.version++
	return true
}

// setAt selects or unselects the loaded row at pos.
func (s *selection) setAt(pos int, on bool) bool {
	s.sync()
	if s.at[pos] == on || (on && s.refuse(s.t.rows[pos].ID)) {
		return false
	}
	s.at[pos] = on
	if on {
		s.onAt++
	} else {
		s.onAt--
	}
	s.version++
	return true
}

// refuse reports whether id cannot be selected, and counts it.
func (s *selection) refuse(id string) bool {
	err := graph.CheckID(id)
	if err == nil {
		return false
	}
	if s.refused == 0 {
		s.why = err
	}
	s.refused++
	return true
}

// takeRefused says which sign-ins were not selected since it last looked,
// and why; "" when none was refused.
func (s *selection) takeRefused() string {
	n, why := s.refused, s.why
	s.refused, s.why = 0, nil
	switch {
	case n == 0:
		return ""
	case n == 1:
		return "This sign-in was not selected: " + why.Error() + "."
	}
	return fmt.Sprintf("%d sign-ins were not selected: the first because %s.", n, why)
}

func (s *selection) toggle(id string) { s.set(id, !s.has(id)) }

func (s *selection) remove(id string) { s.set(id, false) }

func (s *selection) clear() {
	s.sync()
	clear(s.at)
	clear(s.away)
	s.onAt = 0
	s.version++
}

// len is how many sign-ins are selected, loaded or not; loaded how many
// of the loaded rows.
func (s *selection) len() int {
	s.sync()
	return s.onAt + len(s.away)
}

func (s *selection) loaded() int {
	s.sync()
	return s.onAt
}

// flags are the loaded rows' flags, by position: the selection's own,
// to read at once and not keep (a reload reuses them for other rows).
func (s *selection) flags() []bool {
	s.sync()
	return s.at
}

// notLoaded are the selected IDs whose rows are not loaded.
func (s *selection) notLoaded() iter.Seq[string] {
	s.sync() // an ID whose row came is loaded now
	return maps.Keys(s.away)
}

// span is a range selection in progress: the rows between the anchor and the
// cursor (view indexes, either order) count as selected until the range is
// ended, when they are added to the selection.
type span struct {
	active bool
	anchor int
}

// bounds is the range's first and last view position given the cursor.
func (r span) bounds(cursor int) (lo, hi int) {
	if r.anchor < cursor {
		return r.anchor, cursor
	}
	return cursor, r.anchor
}

func (r span) covers(pos, cursor int) bool {
	if !r.active {
		return false
	}
	lo, hi := r.bounds(cursor)
	return pos >= lo && pos <= hi
}

// endRange adds a range in progress to the selection.
func (ses *session) endRange() {
	if !ses.rng.active {
		return
	}
	lo, hi := ses.rng.bounds(ses.table.cursor)
	ses.selectAt(ses.table.view[lo:min(hi+1, ses.table.shownLen())], true)
	ses.rng = span{}
}

// selectAt selects (or unselects) the loaded rows at positions.
func (ses *session) selectAt(positions []int, on bool) {
	for _, pos := range positions {
		ses.selected.setAt(pos, on)
	}
}

// isSelected reports whether the row at pos (with that id) is selected,
// counting a range in progress.
func (ses *session) isSelected(pos int, id string) bool {
	return ses.selected.has(id) || ses.rng.covers(pos, ses.table.cursor)
}

// selectedCount is how many sign-ins an action would send now.
func (ses *session) selectedCount() int {
	n := ses.selected.len()
	if ses.rng.active {
		lo, hi := ses.rng.bounds(ses.table.cursor)
		for i := lo; i <= hi && i < ses.table.shownLen(); i++ {
			if !ses.selected.has(ses.table.at(i).ID) {
				n++
			}
		}
	}
	return n
}
