package ui

// selection is the set of selected sign-in IDs. It is keyed by ID, not by
// row position, so it survives reloads (and, later, filters and sorts) and
// can hold IDs that are not loaded or not in view.
type selection struct {
	ids map[string]struct{}
}

func newSelection() selection { return selection{ids: map[string]struct{}{}} }

func (s selection) has(id string) bool {
	_, ok := s.ids[id]
	return ok
}

func (s selection) toggle(id string) {
	if s.has(id) {
		delete(s.ids, id)
		return
	}
	s.ids[id] = struct{}{}
}

func (s selection) add(ids ...string) {
	for _, id := range ids {
		s.ids[id] = struct{}{}
	}
}

func (s selection) remove(id string) { delete(s.ids, id) }

func (s selection) clear() { clear(s.ids) }

func (s selection) len() int { return len(s.ids) }

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
	for i := lo; i <= hi && i < ses.table.shownLen(); i++ {
		ses.selected.add(ses.table.at(i).ID)
	}
	ses.rng = span{}
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
