package ui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/keymap"
	"github.com/signin-triage/signin-triage/theme"
)

// column is one column of a table of rows of type R: its title, its width
// bounds and share of spare room, the priority that decides which columns
// a narrow terminal drops first (1 is never dropped), and how a row's cell
// reads.
type column[R any] struct {
	title    string
	min, max int // width bounds; max 0 means it takes a share of spare room
	weight   int // share of spare room
	priority int // 1 is never dropped
	cell     func(r R, width int) (string, cellKind)
	width    int // set by layoutColumns
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
	t.cols = layoutColumns(t.columns, width-markWidth)
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

// render draws the column titles and the rows on screen, of n. row is
// asked for visible rows only: the row and its selection glyph.
func (t *table[R]) render(st theme.Styles, n int, row func(i int) (R, string)) string {
	var b strings.Builder
	b.WriteString(st.TableHeader.Render(t.headerLine()))
	end := min(t.offset+t.height, n)
	for i := t.offset; i < end; i++ {
		b.WriteByte('\n')
		r, glyph := row(i)
		b.WriteString(t.rowLine(st, r, glyph, i == t.cursor))
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
		b.WriteString(fit(c.title, c.width))
	}
	return fit(b.String(), t.width)
}

func (t *table[R]) rowLine(st theme.Styles, r R, glyph string, isCursor bool) string {
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
			b.WriteString(fit(text, c.width))
		}
		return st.CursorRow.Render(fit(b.String(), t.width))
	}
	var b strings.Builder
	b.WriteString(" " + st.Mark.Render(glyph) + " ")
	used := markWidth
	for i, c := range t.cols {
		if i > 0 {
			b.WriteString(gap)
			used += len(gap)
		}
		text, kind := c.cell(r, c.width)
		b.WriteString(cellStyle(st, kind).Render(fit(text, c.width)))
		used += c.width
	}
	if used < t.width {
		b.WriteString(strings.Repeat(" ", t.width-used))
	}
	return b.String()
}

// layoutColumns picks the columns that fit width and sizes them: every
// shown column gets its minimum, then spare room goes to the flexible ones
// by weight, up to their maximum.
func layoutColumns[R any](all []column[R], width int) []column[R] {
	cols := make([]column[R], 0, len(all))
	for prio := 5; prio >= 1; prio-- {
		cols = cols[:0]
		used := 0
		for _, c := range all {
			if c.priority <= prio {
				c.width = c.min
				used += c.min + len(gap)
				cols = append(cols, c)
			}
		}
		used -= len(gap)
		if used <= width || prio == 1 {
			distribute(cols, width-used)
			return cols
		}
	}
	return cols
}

func distribute[R any](cols []column[R], spare int) {
	// Fixed columns that can reach their wider form (the time with its
	// year) come first; half-way would only add blank cells.
	for i := range cols {
		if c := &cols[i]; c.weight == 0 && c.max > c.width && spare >= c.max-c.width {
			spare -= c.max - c.width
			c.width = c.max
		}
	}
	for spare > 0 {
		weights := 0
		for _, c := range cols {
			if c.weight > 0 && (c.max == 0 || c.width < c.max) {
				weights += c.weight
			}
		}
		if weights == 0 {
			return // every column is at its widest; the rest stays blank
		}
		given := 0
		for i := range cols {
			c := &cols[i]
			if c.weight == 0 || (c.max != 0 && c.width >= c.max) {
				continue
			}
			share := max(spare*c.weight/weights, 1)
			if c.max != 0 {
				share = min(share, c.max-c.width)
			}
			share = min(share, spare-given)
			c.width += share
			given += share
			if given == spare {
				break
			}
		}
		spare -= given
		if given == 0 {
			return
		}
	}
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
