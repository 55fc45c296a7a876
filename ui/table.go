package ui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/keymap"
	"github.com/signin-triage/signin-triage/theme"
)

// column is one column of a table of rows of type R: its title, its width
// bounds, the priority that decides which columns a narrow terminal drops
// first (1 is never dropped) and which widen first, and how a row's cell
// reads. Within its bounds a column is as wide as the rows on screen need.
type column[R any] struct {
	title string
	// short is the title where the column is narrower than title ("N"
	// for NET, over its glyphs); without it such a title is left blank.
	short    string
	min, max int // width bounds; max 0 means no upper bound
	// twoForms marks a column whose cells have a short form and a long one
	// (a result in words, a state by Graph's name): it widens to what its
	// long cells need or not at all, since half-way would only add blank
	// cells.
	twoForms bool
	priority int // 1 is never dropped; lower numbers widen first
	cell     func(r R, width int) (string, cellKind)
	// skip, when set, leaves the column out for these rows on screen (the
	// state, when every row has the one state the query asked for).
	skip  func(rows []R) bool
	width int // set by layoutColumns
}

// table draws rows of type R in columns: the columns that fit the width,
// a cursor, and the window of rows on screen, so that drawing costs the
// same for 100 rows as for 100,000. The rows stay with the table's owner,
// which hands over each visible row as it is drawn. The sign-ins and the
// groups are both drawn by one.
type table[R any] struct {
	columns []column[R] // every column, in order
	cols    []column[R] // the columns that fit width, with their widths
	cursor  int         // index of the highlighted row
	offset  int         // index of the first row on screen
	height  int         // rows on screen
	width   int
}

// markWidth is the cursor glyph, the selection glyph and a space.
const markWidth = 3

const gap = " "

func (t *table[R]) setSize(width, height, n int) {
	t.width, t.height = width, max(height, 1)
	t.clamp(n)
}

// move moves the cursor by delta rows of n and scrolls to keep it on
// screen; moveTo puts it on row i.
func (t *table[R]) move(delta, n int) { t.moveTo(t.cursor+delta, n) }

func (t *table[R]) moveTo(i, n int) {
	t.cursor = i
	t.clamp(n)
}

func (t *table[R]) clamp(n int) {
	t.cursor = min(max(t.cursor, 0), max(n-1, 0))
	if t.cursor < t.offset {
		t.offset = t.cursor
	}
	if t.cursor >= t.offset+t.height {
		t.offset = t.cursor - t.height + 1
	}
	t.offset = min(max(t.offset, 0), max(n-t.height, 0))
}

// navCommands move the cursor over n() rows: the keys the rows and the
// groups share.
func (t *table[R]) navCommands(k keymap.KeyMap, n func() int) []command {
	return []command{
		live(k.Up, func() action { t.move(-1, n()); return nil }),
		live(k.Down, func() action { t.move(1, n()); return nil }),
		live(k.PageUp, func() action { t.move(-t.height, n()); return nil }),
		live(k.PageDown, func() action { t.move(t.height, n()); return nil }),
		live(k.Top, func() action { t.moveTo(0, n()); return nil }),
		live(k.Bottom, func() action { t.moveTo(n()-1, n()); return nil }),
	}
}

// render draws the column titles and the rows on screen, of n, in the
// columns those rows need, measuring text as m does: the renderer's
// measure (cellwidth.go). row is asked for visible rows only: the row and
// its selection glyph.
func (t *table[R]) render(st theme.Styles, m ansi.Method, n int, row func(i int) (R, string)) string {
	end := min(t.offset+t.height, n)
	rows := make([]R, 0, max(end-t.offset, 0))
	glyphs := make([]string, 0, cap(rows))
	for i := t.offset; i < end; i++ {
		r, glyph := row(i)
		rows, glyphs = append(rows, r), append(glyphs, glyph)
	}
	t.cols = layoutColumns(m, t.columns, t.width-markWidth, rows)
	var b strings.Builder
	b.WriteString(st.TableHeader.Render(t.headerLine()))
	for k, r := range rows {
		b.WriteByte('\n')
		b.WriteString(t.rowLine(st, m, r, glyphs[k], t.offset+k == t.cursor))
	}
	for i := end; i < t.offset+t.height; i++ {
		b.WriteByte('\n')
	}
	return b.String()
}

func (t *table[R]) headerLine() string {
	var b strings.Builder
	b.WriteString(strings.Repeat(" ", markWidth))
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(gap)
		}
		title := c.title
		if len(title) > c.width {
			title = c.short // a title that does not fit would only read "…"
			if len(title) > c.width {
				title = ""
			}
		}
		b.WriteString(fit(title, c.width))
	}
	return fit(b.String(), t.width)
}

func (t *table[R]) rowLine(st theme.Styles, m ansi.Method, r R, glyph string, isCursor bool) string {
	if isCursor {
		// One style for the whole line: cell colours would break the
		// cursor's background into pieces.
		var b strings.Builder
		b.WriteString("▸" + glyph + " ")
		for i, c := range t.cols {
			if i > 0 {
				b.WriteString(gap)
			}
			text, _ := c.cell(r, c.width)
			b.WriteString(fitAs(m, text, c.width))
		}
		return st.CursorRow.Render(fitAs(m, b.String(), t.width))
	}
	var b strings.Builder
	b.WriteString(" " + st.Cells.Mark.Render(glyph) + " ")
	used := markWidth
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(gap)
			used += len(gap)
		}
		text, kind := c.cell(r, c.width)
		b.WriteString(cellPaint(st, kind).Render(fitAs(m, text, c.width)))
		used += c.width
	}
	if used < t.width {
		b.WriteString(strings.Repeat(" ", t.width-used))
	}
	return b.String()
}

// layoutColumns picks the columns that fit width and sizes them for rows,
// the rows on screen. Each shown column gets at least its minimum, and
// the room left widens each column towards what its widest cell (or its
// title) needs, lowest priority number first. Columns are dropped highest
// priority number first: until the minimums fit, and while a column of
// priority 3 or more (the app, the location, the risk events) would cut
// an essential one (priority 1 or 2: a user or an IP cut short). Room no
// cell needs stays blank at the end of the line. Text is measured as m
// does.
func layoutColumns[R any](m ansi.Method, all []column[R], width int, rows []R) []column[R] {
	var cand []column[R]
	var wants []int
	for _, c := range all {
		if c.skip != nil && c.skip(rows) {
			continue
		}
		cand = append(cand, c)
		wants = append(wants, wantWidth(m, c, rows))
	}
	for prio := 5; prio >= 1; prio-- {
		var cols []column[R]
		var want []int
		used := -len(gap)
		for i, c := range cand {
			if c.priority <= prio {
				c.width = c.min
				used += c.min + len(gap)
				cols, want = append(cols, c), append(want, wants[i])
			}
		}
		if used > width && prio > 1 {
			continue
		}
		widen(cols, want, width-used)
		if prio <= 2 || essentialsWhole(cols, want) && (prio < 5 || marksWhole(cols, want)) {
			return cols
		}
	}
	return nil
}

// marksWhole reports whether the columns of priority 1 that have two
// forms (what the session sent, the state) show their long forms: the
// most optional columns (priority 5: the client app, the risk events)
// show only then, never at the cost of "confirmedCompromised" read as
// "compromised".
func marksWhole[R any](cols []column[R], want []int) bool {
	for i, c := range cols {
		if c.priority == 1 && c.twoForms && c.width < want[i] {
			return false
		}
	}
	return true
}

// essentialsWhole reports whether every column of priority 1 and 2 shows
// its cells whole: at what they want, or in the short form of two.
func essentialsWhole[R any](cols []column[R], want []int) bool {
	for i, c := range cols {
		if c.priority <= 2 && c.width < want[i] && !(c.twoForms && c.width == c.min) {
			return false
		}
	}
	return true
}

// wantWidth is the width column c needs for rows: its widest cell at its
// widest, or its title, within its bounds, measured as m does.
func wantWidth[R any](m ansi.Method, c column[R], rows []R) int {
	widest := c.max
	if widest == 0 {
		widest = 1 << 16
	}
	w := m.StringWidth(c.title)
	for _, r := range rows {
		text, _ := c.cell(r, widest)
		w = max(w, m.StringWidth(text))
	}
	w = max(w, c.min)
	if c.max != 0 {
		w = min(w, c.max)
	}
	return w
}

// widen shares spare room out, lowest priority number first and left to
// right within a priority, each column up to what it wants. The long forms
// of two-form columns come after the short columns of their rank: those
// of priority 1 (the session's marks and the state in words) before the
// optional columns widen, the others (a result in words) last, as they
// add the least.
func widen[R any](cols []column[R], want []int, spare int) {
	type step struct {
		prio      int
		longForms bool
	}
	steps := []step{{1, false}, {2, false}, {1, true}, {3, false}, {4, false}, {5, false}, {2, true}, {3, true}, {4, true}, {5, true}}
	for _, st := range steps {
		if spare <= 0 {
			return
		}
		prio, longForms := st.prio, st.longForms
		for i := range cols {
			c := &cols[i]
			if c.priority != prio || c.twoForms != longForms || want[i] <= c.width {
				continue
			}
			more := want[i] - c.width
			if c.twoForms && more > spare {
				continue
			}
			more = min(more, spare)
			c.width += more
			spare -= more
		}
	}
}

// plainASCII reports printable ASCII only, as most cells are: one cell a
// byte, no grapheme or escape to work out.
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] >= 0x7f {
			return false
		}
	}
	return true
}

// fit truncates s to width cells with an ellipsis, or pads it with spaces,
// measuring by grapheme clusters; s may carry styles. Text from Graph in
// a table's columns goes through fitAs instead, which measures as the
// renderer does (cellwidth.go).
func fit(s string, width int) string {
	if width <= 0 {
		return ""
	}
	w := len(s)
	if !plainASCII(s) {
		w = ansi.StringWidth(s)
	}
	if w > width {
		s = ansi.Truncate(s, width, "…")
		w = ansi.StringWidth(s)
	}
	return s + strings.Repeat(" ", width-w)
}

// cellPaint picks the paint that goes with what a cell says.
func cellPaint(st theme.Styles, k cellKind) theme.Paint {
	p := st.Cells
	switch k {
	case cellRiskHigh:
		return p.RiskHigh
	case cellRiskMedium:
		return p.RiskMedium
	case cellSafe:
		return p.StateSafe
	case cellCompromised:
		return p.StateCompromised
	case cellFailed:
		return p.Failed
	case cellMuted:
		return p.Muted
	}
	return p.Row
}
