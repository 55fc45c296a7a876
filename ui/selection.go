package ui

// selection is the set of selected sign-in IDs. It is keyed by ID, not by
// row position, so it survives reloads (and, later, filters and sorts) and
// can hold IDs that are not loaded or not in view.
//
// It also keeps what changed since the counts were last brought up to
// date (see session.recount), so that a keystroke that selects one row
// costs one lookup, not one per selected sign-in.
type selection struct {
	ids map[string]struct{}
	// version counts changes, for whoever counts selected rows.
	version int
	// changed are the IDs added or removed one at a time since the last
	// takeChanges; many says more changed than is worth following.
	changed []selChange
	many    bool
	// room is how many IDs the map was made for (reserve); clearing it
	// keeps the room.
	room int
}

// selChange is one ID added to the selection or removed from it.
type selChange struct {
	id    string
	added bool
}

// maxChanges is how many single changes are followed before a recount
// of the whole selection is cheaper.
const maxChanges = 64

func newSelection() selection { return selection{ids: map[string]struct{}{}} }

func (s *selection) has(id string) bool {
	_, ok := s.ids[id]
	return ok
}

func (s *selection) note(id string, added bool) {
	s.version++
	if s.many {
		return
	}
	if len(s.changed) == maxChanges {
		s.changed, s.many = s.changed[:0], true
		return
	}
	s.changed = append(s.changed, selChange{id, added})
}

func (s *selection) toggle(id string) {
	if s.has(id) {
		s.remove(id)
		return
	}
	s.add(id)
}

func (s *selection) add(ids ...string) {
	for _, id := range ids {
		if !s.has(id) {
			s.ids[id] = struct{}{}
			s.note(id, true)
		}
	}
}

func (s *selection) remove(id string) {
	if s.has(id) {
		delete(s.ids, id)
		s.note(id, false)
	}
}

// set adds or removes id without noting the change for the mirror
// (session.selectAt keeps the mirror itself), and reports whether it
// changed anything.
func (s *selection) set(id string, on bool) bool {
	if s.has(id) == on {
		return false
	}
	if on {
		s.ids[id] = struct{}{}
	} else {
		delete(s.ids, id)
	}
	return true
}

// reserve makes room for n more IDs at once: a map grown one ID at a
// time rehashes 100,000 IDs many times over.
func (s *selection) reserve(n int) {
	if n > 1024 && len(s.ids)+n > s.room {
		grown := make(map[string]struct{}, len(s.ids)+n)
		for id := range s.ids {
			grown[id] = struct{}{}
		}
		s.ids, s.room = grown, len(s.ids)+n
	}
}

func (s *selection) clear() {
	clear(s.ids)
	s.version++
	s.changed, s.many = s.changed[:0], true
}

func (s *selection) len() int { return len(s.ids) }

// takeChanges hands over what changed since the last call, and forgets it.
func (s *selection) takeChanges() (changed []selChange, many bool) {
	changed, many = s.changed, s.many
	s.changed, s.many = nil, false
	return changed, many
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

// selectAt selects (or unselects) the loaded rows at positions, and
// keeps the mirror of the selection up to date as it goes, rather than
// leaving it to walk the whole selection again.
func (ses *session) selectAt(positions []int, on bool) {
	t, sel := &ses.table, &ses.selected
	if on {
		sel.reserve(len(positions))
	}
	mirrored := ses.selResets == t.resets
	for _, pos := range positions {
		if !sel.set(t.rows[pos].ID, on) || !mirrored || pos >= len(ses.selAt) || ses.selAt[pos] == on {
			continue // the mirror reads it when it catches up
		}
		ses.selAt[pos] = on
		if on {
			ses.selLoaded++
		} else {
			ses.selLoaded--
		}
	}
	sel.version++
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
