package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/theme"
)

// signInTable holds the loaded sign-ins and the view of them on screen:
// which rows pass the filter, in which order. It renders only its visible
// window, so drawing costs the same for 100 rows as for 100,000.
type signInTable struct {
	rows   []graph.SignIn // loaded, in the order Graph sent them (newest first)
	index  map[string]int // sign-in ID -> position in rows
	view   []int          // positions in rows that are shown, in display order
	shown  []bool         // shown[pos]: rows[pos] is in view
	cursor int            // index into view of the highlighted row
	offset int            // index into view of the first row on screen
	height int            // rows on screen
	width  int
	cols   []column // the columns that fit width, with their widths
	// version counts changes to the view (rows added, refiltered, sorted,
	// reset), so the grouped view knows when to gather again.
	version int
	// users names each user (by graph.SignIn.UserKey) once, whatever name
	// each of their sign-ins carries: the first UPN seen, else the first
	// display name. Sorting, grouping and dialogs read it.
	users map[string]string
}

func newSignInTable() signInTable {
	return signInTable{index: map[string]int{}, users: map[string]string{}}
}

// learnUser records the name a sign-in gives its user, if it is the first
// or the first with a UPN.
func (t *signInTable) learnUser(s *graph.SignIn) {
	k := s.UserKey()
	if name, ok := t.users[k]; !ok || (name == "" || !strings.Contains(name, "@")) && s.UPN != "" {
		t.users[k] = s.UserName()
	}
}

// userName is the one name of the user of s.
func (t *signInTable) userName(s *graph.SignIn) string {
	if name, ok := t.users[s.UserKey()]; ok && name != "" {
		return name
	}
	return s.UserName()
}

// keepFunc decides whether a row is in view.
type keepFunc func(*graph.SignIn) bool

// append adds a page of sign-ins and shows those keep lets through. A
// sign-in already loaded is replaced in place, so a page that overlaps an
// earlier one never shows a row twice.
func (t *signInTable) append(page []graph.SignIn, keep keepFunc) {
	for _, s := range page {
		t.learnUser(&s)
		if i, ok := t.index[s.ID]; ok {
			t.rows[i] = s
			continue
		}
		pos := len(t.rows)
		t.index[s.ID] = pos
		t.rows = append(t.rows, s)
		t.shown = append(t.shown, false)
		if keep == nil || keep(&t.rows[pos]) {
			t.shown[pos] = true
			t.view = append(t.view, pos)
		}
	}
	t.version++
}

// refilter rebuilds the view with keep, keeping the cursor on the same
// sign-in when it is still shown.
func (t *signInTable) refilter(keep keepFunc) {
	cur, hadCur := t.currentPos()
	t.version++
	t.view = t.view[:0]
	for pos := range t.rows {
		t.shown[pos] = keep == nil || keep(&t.rows[pos])
		if t.shown[pos] {
			t.view = append(t.view, pos)
		}
	}
	t.cursor = 0
	if hadCur && t.shown[cur] {
		for i, pos := range t.view {
			if pos == cur {
				t.cursor = i
				break
			}
		}
	}
	t.clamp()
}

// reset forgets every row (a reload).
func (t *signInTable) reset() {
	t.rows, t.view, t.shown = nil, nil, nil
	t.index = map[string]int{}
	t.users = map[string]string{}
	t.version++
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

// isShown reports whether the loaded sign-in id is in view.
func (t *signInTable) isShown(id string) (loaded, shown bool) {
	pos, ok := t.index[id]
	return ok, ok && t.shown[pos]
}

func (t *signInTable) setSize(width, height int) {
	t.width, t.height = width, max(height, 1)
	t.cols = layoutColumns(width - markWidth)
	t.clamp()
}

// move moves the cursor by delta rows and scrolls to keep it on screen.
func (t *signInTable) move(delta int) {
	t.cursor += delta
	t.clamp()
}

func (t *signInTable) moveTo(i int) {
	t.cursor = i
	t.clamp()
}

func (t *signInTable) clamp() {
	t.cursor = min(max(t.cursor, 0), max(len(t.view)-1, 0))
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	t.offset = min(max(t.offset, 0), max(len(t.view)-t.height, 0))
}

// rowMark says how one row is decorated beyond its data.
type rowMark struct {
	selected bool
	outcome  idOutcome
}

// render draws the header and the visible rows. mark is asked about visible
// rows only, by view index.
func (t *signInTable) render(st theme.Styles, mark func(pos int, id string) rowMark) string {
	var b strings.Builder
	b.WriteString(st.TableHeader.Render(t.headerLine()))
	end := min(t.offset+t.height, len(t.view))
	for i := t.offset; i < end; i++ {
		b.WriteByte('\n')
		s := t.at(i)
		b.WriteString(t.rowLine(st, s, mark(i, s.ID), i == t.cursor))
	}
	for i := end; i < t.offset+t.height; i++ {
		b.WriteByte('\n')
	}
	return b.String()
}

func (t *signInTable) headerLine() string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", markWidth))
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(gap)
		}
		b.WriteString(fit(c.title, c.width))
	}
	return b.String()
}

// markWidth is the cursor glyph, the selection glyph and a space.
const markWidth = 3

const gap = " "

func (t *signInTable) rowLine(st theme.Styles, s *graph.SignIn, m rowMark, isCursor bool) string {
	cursorGlyph, selGlyph := " ", " "
	if isCursor {
		cursorGlyph = "▸"
	}
	if m.selected {
		selGlyph = "●"
	}
	if isCursor {
		// One style for the whole line: cell colours would break the
		// cursor's background into pieces.
		var b strings.Builder
		b.WriteString(cursorGlyph + selGlyph + " ")
		for i, c := range t.cols {
			if i > 0 {
				b.WriteString(gap)
			}
			text, _ := c.cell(s, m.outcome, c.width)
			b.WriteString(fit(text, c.width))
		}
		return st.CursorRow.Render(b.String())
	}
	var b strings.Builder
	b.WriteString(" " + st.Mark.Render(selGlyph) + " ")
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(gap)
		}
		text, kind := c.cell(s, m.outcome, c.width)
		b.WriteString(cellStyle(st, kind).Render(fit(text, c.width)))
	}
	return b.String()
}

// fit truncates s to width cells with an ellipsis, or pads it with spaces,
// so every column lines up whatever the text (wide CJK and emoji included).
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	w := ansi.StringWidth(s)
	if w > width {
		s = ansi.Truncate(s, width, "…")
		w = ansi.StringWidth(s)
	}
	return s + strings.Repeat(" ", width-w)
}

// cellStyle picks the style that goes with what a cell says.
func cellStyle(st theme.Styles, k cellKind) lipgloss.Style {
	switch k {
	case cellRiskHigh:
		return st.RiskHigh
	case cellRiskMedium:
		return st.RiskMedium
	case cellSafe:
		return st.StateSafe
	case cellCompromised:
		return st.StateCompromised
	case cellFailed:
		return st.Failed
	case cellMuted:
		return st.Muted
	}
	return st.Row
}
