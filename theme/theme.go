// Package theme turns one small semantic palette into every style the UI
// draws with, ours and the bubbles components', for dark and light
// terminals. Colour only ever repeats what a glyph or a word already says,
// so the UI stays readable under NO_COLOR (Bubble Tea then drops colours and
// keeps bold and reverse).
package theme

import (
	"image/color"
	"strings"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/textinput"
	"charm.land/lipgloss/v2"
)

// Palette is the handful of colours everything is built from.
type Palette struct {
	Text     color.Color // body text
	Subtle   color.Color // secondary text, borders, separators
	Primary  color.Color // titles, keys, the cursor
	Accent   color.Color // selection marks
	Success  color.Color
	Warning  color.Color
	Error    color.Color
	CursorBg color.Color
}

// NewPalette picks colours that hold their contrast on a dark or a light
// background.
func NewPalette(isDark bool) Palette {
	ld := lipgloss.LightDark(isDark)
	c := lipgloss.Color
	return Palette{
		Text:     ld(c("#1F2328"), c("#E6E6E6")),
		Subtle:   ld(c("#6E7781"), c("#8B949E")),
		Primary:  ld(c("#0550AE"), c("#79C0FF")),
		Accent:   ld(c("#8250DF"), c("#D2A8FF")),
		Success:  ld(c("#116329"), c("#56D364")),
		Warning:  ld(c("#9A6700"), c("#E3B341")),
		Error:    ld(c("#CF222E"), c("#FF7B72")),
		CursorBg: ld(c("#DDF4FF"), c("#1F3A5F")),
	}
}

// Styles is every style the UI uses. Build it with New; never mutate a
// shared one.
type Styles struct {
	Palette Palette

	Title       lipgloss.Style // the app name in the header
	HeaderLabel lipgloss.Style // "Selected", "Loaded"
	HeaderValue lipgloss.Style
	Badge       lipgloss.Style // "DEMO", "READ-ONLY"

	TableHeader lipgloss.Style
	Row         lipgloss.Style
	CursorRow   lipgloss.Style
	Mark        lipgloss.Style // the selection glyph
	Muted       lipgloss.Style

	RiskHigh   lipgloss.Style
	RiskMedium lipgloss.Style

	StateSafe        lipgloss.Style
	StateCompromised lipgloss.Style
	Failed           lipgloss.Style

	Pane      lipgloss.Style // the status pane's frame
	PaneTitle lipgloss.Style
	OK        lipgloss.Style
	Err       lipgloss.Style
	Warn      lipgloss.Style

	Dialog      lipgloss.Style
	DialogTitle lipgloss.Style
	Key         lipgloss.Style // a key named in running text

	Help  help.Styles
	Input textinput.Styles // the filter input

	// Cells are the table's cell styles as paints: a frame draws hundreds
	// of cells, and a paint wraps one in two fixed strings where
	// Style.Render works the style out again each time.
	Cells CellPaints
}

// CellPaints are the styles a table cell can take, as paints.
type CellPaints struct {
	Row, Muted, Mark, RiskHigh, RiskMedium, StateSafe, StateCompromised, Failed Paint
}

// Paint is a style's escape sequences, worked out once: what Render puts
// before and after a line of text. Only for single-line text and styles
// of colour and weight (no width, padding or border).
type Paint struct{ pre, post string }

// PaintOf works out s's escape sequences.
func PaintOf(s lipgloss.Style) Paint {
	const probe = "X"
	out := s.Render(probe)
	i := strings.Index(out, probe)
	return Paint{pre: out[:i], post: out[i+len(probe):]}
}

// Render wraps text as the style's Render would.
func (p Paint) Render(text string) string {
	if text == "" {
		return ""
	}
	return p.pre + text + p.post
}

// New builds the styles for a dark or light background.
func New(isDark bool) Styles {
	p := NewPalette(isDark)
	fg := func(c color.Color) lipgloss.Style { return lipgloss.NewStyle().Foreground(c) }
	s := Styles{
		Palette:     p,
		Title:       fg(p.Primary).Bold(true),
		HeaderLabel: fg(p.Subtle),
		HeaderValue: fg(p.Text).Bold(true),
		Badge:       lipgloss.NewStyle().Foreground(p.Warning).Bold(true),

		TableHeader: fg(p.Subtle).Bold(true),
		Row:         fg(p.Text),
		CursorRow:   fg(p.Text).Background(p.CursorBg).Bold(true),
		Mark:        fg(p.Accent).Bold(true),
		Muted:       fg(p.Subtle),

		RiskHigh:   fg(p.Error).Bold(true),
		RiskMedium: fg(p.Warning),

		StateSafe:        fg(p.Success),
		StateCompromised: fg(p.Error).Bold(true),
		Failed:           fg(p.Error).Bold(true),

		Pane:      lipgloss.NewStyle().Border(lipgloss.NormalBorder(), true, false, false, false).BorderForeground(p.Subtle).Padding(0, 1),
		PaneTitle: fg(p.Primary).Bold(true),
		OK:        fg(p.Success),
		Err:       fg(p.Error).Bold(true),
		Warn:      fg(p.Warning),

		Dialog:      lipgloss.NewStyle().Border(lipgloss.DoubleBorder()).BorderForeground(p.Warning).Padding(1, 2),
		DialogTitle: fg(p.Warning).Bold(true),
		Key:         fg(p.Primary).Bold(true),
	}
	s.Help = help.Styles{
		ShortKey:       fg(p.Primary),
		ShortDesc:      fg(p.Subtle),
		ShortSeparator: fg(p.Subtle),
		Ellipsis:       fg(p.Subtle),
		FullKey:        fg(p.Primary),
		FullDesc:       fg(p.Subtle),
		FullSeparator:  fg(p.Subtle),
	}
	s.Cells = CellPaints{
		Row: PaintOf(s.Row), Muted: PaintOf(s.Muted), Mark: PaintOf(s.Mark),
		RiskHigh: PaintOf(s.RiskHigh), RiskMedium: PaintOf(s.RiskMedium),
		StateSafe: PaintOf(s.StateSafe), StateCompromised: PaintOf(s.StateCompromised), Failed: PaintOf(s.Failed),
	}
	s.Input = textinput.DefaultStyles(isDark)
	s.Input.Focused.Prompt = fg(p.Primary).Bold(true)
	s.Input.Focused.Text = fg(p.Text)
	s.Input.Focused.Placeholder = fg(p.Subtle)
	s.Input.Blurred.Prompt = fg(p.Subtle)
	s.Input.Cursor.Color = p.Primary
	// A steady cursor: over SSH a blinking one redraws the line twice a
	// second for nothing.
	s.Input.Cursor.Blink = false
	return s
}
