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
func (m *Model) endRange() {
	if !m.rng.active {
		return
	}
	lo, hi := m.rng.bounds(m.table.cursor)
	for i := lo; i <= hi && i < m.table.shownLen(); i++ {
		m.selected.add(m.table.at(i).ID)
	}
	m.rng = span{}
}

// isSelected reports whether the row at pos (with that id) is selected,
// counting a range in progress.
func (m *Model) isSelected(pos int, id string) bool {
	return m.selected.has(id) || m.rng.covers(pos, m.table.cursor)
}

// selectedCount is how many sign-ins an action would send now.
func (m *Model) selectedCount() int {
	n := m.selected.len()
	if m.rng.active {
		lo, hi := m.rng.bounds(m.table.cursor)
		for i := lo; i <= hi && i < m.table.shownLen(); i++ {
			if !m.selected.has(m.table.at(i).ID) {
				n++
			}
		}
	}
	return n
}
