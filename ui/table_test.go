package ui

import (
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/theme"
)

func syntheticRows(n int) []graph.SignIn {
	rows := make([]graph.SignIn, n)
	for i := range rows {
		rows[i] = graph.SignIn{
			ID: fmt.Sprintf("id-%06d", i), Created: testNow.Add(-time.Duration(i) * time.Minute),
			UPN: fmt.Sprintf("user%d@contoso.com", i%500), App: "Microsoft Teams", IP: "203.0.113.7",
			Place: &graph.Place{City: "Dublin", Country: "IE"}, DeviceInfo: &graph.DeviceInfo{},
			RiskLevel: graph.RiskLevelMedium, RiskState: graph.RiskStateAtRisk,
			RiskEventTypes: []string{"unfamiliarFeatures"},
		}
	}
	return rows
}

// TestTableDrawsOnlyVisibleRows: drawing asks about the rows on screen and
// no others, however many are loaded.
func TestTableDrawsOnlyVisibleRows(t *testing.T) {
	tbl := newSignInTable()
	tbl.append(syntheticRows(100000), nil)
	tbl.setSize(140, 30)
	tbl.moveTo(50000)
	asked := 0
	tbl.render(theme.New(true), ansi.WcWidth, "", func(pos int, id string) rowMark {
		asked++
		if pos < tbl.offset || pos >= tbl.offset+tbl.height {
			t.Fatalf("asked about row %d, off screen", pos)
		}
		return rowMark{}
	})
	if asked != 30 {
		t.Fatalf("asked about %d rows, want the 30 on screen", asked)
	}
}

func TestAppendReplacesARowSeenBefore(t *testing.T) {
	tbl := newSignInTable()
	rows := syntheticRows(3)
	tbl.append(rows, nil)
	again := rows[1]
	again.RiskState = graph.RiskStateDismissed
	tbl.append([]graph.SignIn{again}, nil)
	if tbl.len() != 3 || tbl.rows[1].RiskState != graph.RiskStateDismissed {
		t.Fatalf("%d rows, row 2 %s", tbl.len(), tbl.rows[1].RiskState)
	}
}

// BenchmarkView measures a whole frame with 100 and with 100,000 rows
// loaded (and a thousand selected): the two should cost about the same.
func BenchmarkView(b *testing.B) {
	for _, n := range []int{100, 100000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			m := New(Config{Graph: offlineGraph(b), Source: "bench"})
			m.Update(tea.WindowSizeMsg{Width: 160, Height: 50})
			appendRows(m, syntheticRows(n)...)
			for i := range 1000 {
				selectIDs(m, fmt.Sprintf("id-%06d", i%n))
			}
			b.ResetTimer()
			for range b.N {
				_ = m.View()
			}
		})
	}
}

// BenchmarkSort100k orders 100,000 rows by user, the way a keystroke does.
func BenchmarkSort100k(b *testing.B) {
	tbl := newSignInTable()
	tbl.append(syntheticRows(100000), nil)
	tbl.setSize(140, 30)
	b.ResetTimer()
	for i := range b.N {
		tbl.sortView(sortSpec{field: sortField(1 + i%5), asc: i%2 == 0})
	}
}
