package ui

import (
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/theme"
)

// signInTable holds the loaded sign-ins and the view of them on screen:
// which rows pass the filter, in which order. The table it embeds draws
// the view (its cursor and offset index the view).
type signInTable struct {
	table[signInRow]
	rows  []graph.SignIn // loaded, in the order Graph sent them (newest first)
	index map[string]int // sign-in ID -> position in rows
	view  []int          // positions in rows that are shown, in display order
	shown []bool         // shown[pos]: rows[pos] is in view
	// version counts changes to the view (rows added, refiltered, sorted,
	// reset), so the grouped view knows when to gather again; resets
	// counts the times every row was forgotten.
	version int
	resets  int
	// edits counts changes to loaded rows in place (a page that lists a
	// sign-in again, a verdict accepted): a view built before may no
	// longer follow its rule.
	edits int
	// facts are each row's sort and group keys (rowfacts.go), numbered
	// in the dictionaries that follow; userNames are the one name of each
	// user number, whatever name each of their sign-ins carries.
	facts                       []facts
	users, ips, apps, countries dict
	userNames                   []string
}

// signInRow is a sign-in as the table draws it: with how this session
// marked it.
type signInRow struct {
	s    *graph.SignIn
	mark rowMark
	// asked is the one risk state the query asked for, if it asked for one.
	asked graph.RiskState
}

func newSignInTable() signInTable {
	t := signInTable{table: table[signInRow]{columns: signInColumns()}}
	t.forget()
	return t
}

// userName is the one name of the user of s.
func (t *signInTable) userName(s *graph.SignIn) string {
	if n, ok := t.users.index[s.UserKey()]; ok && t.userNames[n] != "" {
		return t.userNames[n]
	}
	return s.UserName()
}

// keepFunc decides whether the loaded row at pos is in view.
type keepFunc func(pos int) bool

// append adds a page of sign-ins and shows those keep lets through. A
// sign-in already loaded is replaced in place, so a page that overlaps an
// earlier one never shows a row twice.
func (t *signInTable) append(page []graph.SignIn, keep keepFunc) {
	for _, s := range page {
		f := t.factsOf(&s)
		if i, ok := t.index[s.ID]; ok {
			t.rows[i], t.facts[i] = s, f
			t.edits++
			continue
		}
		pos := len(t.rows)
		t.index[s.ID] = pos
		t.rows = append(t.rows, s)
		t.facts = append(t.facts, f)
		t.shown = append(t.shown, false)
		if keep == nil || keep(pos) {
			t.shown[pos] = true
			t.view = append(t.view, pos)
		}
	}
	t.version++
}

// reset forgets every row (a reload).
func (t *signInTable) reset() {
	t.forget()
	t.version++
	t.resets++
}

// forget empties the table of rows and what is known of them.
func (t *signInTable) forget() {
	t.rows, t.view, t.shown, t.facts = nil, nil, nil, nil
	t.index = map[string]int{}
	t.users, t.ips, t.apps, t.countries = newDict(), newDict(), newDict(), newDict()
	t.userNames = nil
}

// len is how many sign-ins are loaded; shownLen how many are in view.
func (t *signInTable) len() int      { return len(t.rows) }
func (t *signInTable) shownLen() int { return len(t.view) }

// at is the sign-in at view index i.
func (t *signInTable) at(i int) *graph.SignIn { return &t.rows[t.view[i]] }

func (t *signInTable) currentPos() (int, bool) {
	if t.cursor < 0 || t.cursor >= len(t.view) {
		return 0, false
	}
	return t.view[t.cursor], true
}

// current is the sign-in under the cursor.
func (t *signInTable) current() (graph.SignIn, bool) {
	pos, ok := t.currentPos()
	if !ok {
		return graph.SignIn{}, false
	}
	return t.rows[pos], true
}

// byID returns a pointer to a loaded sign-in so its state can be updated.
func (t *signInTable) byID(id string) *graph.SignIn {
	if i, ok := t.index[id]; ok {
		return &t.rows[i]
	}
	return nil
}

func (t *signInTable) setSize(width, height int) { t.table.setSize(width, height, len(t.view)) }

// move, moveTo and clamp keep the cursor within the view.
func (t *signInTable) move(delta int) { t.table.move(delta, len(t.view)) }
func (t *signInTable) moveTo(i int)   { t.table.moveTo(i, len(t.view)) }
func (t *signInTable) clamp()         { t.table.clamp(len(t.view)) }

// rowMark says how one row is decorated beyond its data.
type rowMark struct {
	selected bool
	outcome  idOutcome
}

// render draws the column titles and the visible rows, measuring text as
// m does. mark is asked about visible rows only, by view index.
func (t *signInTable) render(st theme.Styles, m ansi.Method, asked graph.RiskState, mark func(pos int, id string) rowMark) string {
	return t.table.render(st, m, len(t.view), func(i int) (signInRow, string) {
		s := t.at(i)
		m := mark(i, s.ID)
		glyph := " "
		if m.selected {
			glyph = "●"
		}
		return signInRow{s, m, asked}, glyph
	})
}
