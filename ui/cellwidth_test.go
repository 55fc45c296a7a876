package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/theme"
)

// Names whose width by code points (as tmux draws them) differs from
// their width by grapheme clusters: Thai SARA AM, a Devanagari conjunct
// with virama and a vowel sign, and an emoji with a skin-tone modifier.
const (
	thaiName       = "สมชายกำแพง@contoso.com" // กำ: 2 cells by code points, 1 by clusters
	devanagariName = "क्षत्रिय@contoso.com"   // 6 + 12 cells by code points, 3 + 12 by clusters
	skinToneName   = "👍🏽ok@contoso.com"       // 4 + 14 cells by code points, 2 + 14 by clusters
)

// TestFitAsMeasuresByCodePoints: under WcWidth, the renderer's measure
// until the terminal reports mode 2027, a cell is padded and cut by code
// points, as tmux draws it (docs/terminal.md): the expected strings are
// written out, not measured.
func TestFitAsMeasuresByCodePoints(t *testing.T) {
	for _, c := range []struct {
		s     string
		width int
		want  string
	}{
		{"กำ", 4, "กำ  "},             // 2 cells
		{"👍🏽", 5, "👍🏽 "},              // 4 cells
		{"क्षत्रिय", 8, "क्षत्रिय  "}, // 6 cells
		{"กำกำกำ", 4, "กำ… "},         // 6 cells, cut; by clusters it would fit
		{"👍🏽👍🏽", 6, "👍🏽… "},           // 8 cells, cut
		{"क्षत्रिय", 4, "क्ष… "},      // cut between clusters, never inside one
		{"plain", 3, "pl…"},
		{"plain", 7, "plain  "},
		{"กำ", 0, ""},
	} {
		if got := fitAs(ansi.WcWidth, c.s, c.width); got != c.want {
			t.Errorf("fitAs(WcWidth, %q, %d) = %q, want %q", c.s, c.width, got, c.want)
		}
	}
}

// TestFitAsMeasuresByClusters: under GraphemeWidth (mode 2027) the same
// text takes fewer cells, and is padded so.
func TestFitAsMeasuresByClusters(t *testing.T) {
	for _, c := range []struct {
		s     string
		width int
		want  string
	}{
		{"กำ", 4, "กำ   "},
		{"👍🏽", 5, "👍🏽   "},
		{"क्षत्रिय", 8, "क्षत्रिय     "},
		{"กำกำกำ", 4, "กำกำกำ "},
		{"กำกำกำกำกำ", 4, "กำกำกำ…"},
	} {
		if got := fitAs(ansi.GraphemeWidth, c.s, c.width); got != c.want {
			t.Errorf("fitAs(GraphemeWidth, %q, %d) = %q, want %q", c.s, c.width, got, c.want)
		}
	}
}

// TestMeasureFollowsTheModeReport: the table measures as the renderer
// does: by code points from the start, by clusters once the terminal
// answers that it knows mode 2027, as Bubble Tea's renderer switches.
func TestMeasureFollowsTheModeReport(t *testing.T) {
	for _, c := range []struct {
		msg  tea.ModeReportMsg
		want ansi.Method
	}{
		{tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeNotRecognized}, ansi.WcWidth},
		{tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeReset}, ansi.GraphemeWidth},
		{tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModeSet}, ansi.GraphemeWidth},
		{tea.ModeReportMsg{Mode: ansi.ModeUnicodeCore, Value: ansi.ModePermanentlySet}, ansi.GraphemeWidth},
		{tea.ModeReportMsg{Mode: ansi.ModeSynchronizedOutput, Value: ansi.ModeSet}, ansi.WcWidth},
	} {
		m := New(Config{Graph: offlineGraph(t), Source: "test"})
		if m.measure != ansi.WcWidth {
			t.Fatalf("a new model measures by %v, want WcWidth (the renderer's start)", m.measure)
		}
		m.Update(c.msg)
		if m.measure != c.want {
			t.Errorf("after %+v the table measures by %v, want %v", c.msg, m.measure, c.want)
		}
	}
}

// TestTableColumnsStayPut: rows whose users' names take more cells by
// code points than by clusters keep RISK and RESULT under their titles at
// 80 and 160 columns, and every line is exactly the table's width, under
// either measure. Cells are counted the way the measure says the
// terminal draws them.
func TestTableColumnsStayPut(t *testing.T) {
	rows := syntheticRows(4)
	for i, name := range []string{thaiName, devanagariName, skinToneName, "plain@contoso.com"} {
		rows[i].UPN = name
		rows[i].RiskLevel = graph.RiskLevelHigh
		rows[i].HasStatus = true // a success: "success", or "✓ success" when narrow
	}
	for _, m := range []ansi.Method{ansi.WcWidth, ansi.GraphemeWidth} {
		for _, width := range []int{80, 160} {
			tbl := newSignInTable()
			tbl.append(rows, nil)
			tbl.setSize(width, 6)
			out := ansi.Strip(tbl.render(theme.New(true), m, "", func(int, string) rowMark { return rowMark{} }))
			lines := strings.Split(out, "\n")
			header := lines[0]
			risk, result := strings.Index(header, " RISK ")+1, strings.Index(header, " RESULT")+1
			if risk == 0 || result == 0 {
				t.Fatalf("%v at %d: no RISK or RESULT title: %q", m, width, header)
			}
			for _, line := range lines[1:5] {
				if w := m.StringWidth(line); w != width {
					t.Errorf("%v at %d: a row is %d cells: %q", m, width, w, line)
				}
				if got := cellsFrom(m, line, risk, 4); got != "high" {
					t.Errorf("%v at %d: under RISK reads %q: %q", m, width, got, line)
				}
				if got := cellsFrom(m, line, result, 1); got != "✓" && got != "s" {
					t.Errorf("%v at %d: under RESULT reads %q: %q", m, width, got, line)
				}
			}
		}
	}
}

// cellsFrom is the text of the cells at to at+n of line, plain text,
// measured as m does, cluster by cluster. (ansi's Method.Cut is no help:
// under WcWidth it cuts by clusters' widths, docs/terminal.md.)
func cellsFrom(m ansi.Method, line string, at, n int) string {
	var b strings.Builder
	for cell := 0; line != "" && cell < at+n; {
		cluster, w := ansi.FirstGraphemeCluster(line, m)
		if cell >= at {
			b.WriteString(cluster)
		}
		cell += w
		line = line[len(cluster):]
	}
	return b.String()
}
