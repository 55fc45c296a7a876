package ui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// keystrokeModel is a model at 160x45 with n sign-ins loaded, each with
// its own ID, correlation ID and IP, and all of them selected.
func keystrokeModel(b *testing.B, n int) *Model {
	m := New(Config{Graph: offlineGraph(b), Source: "bench", Query: graph.Query{}})
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 45})
	rows := syntheticRows(n)
	for i := range rows {
		rows[i].CorrelationID = fmt.Sprintf("c0rr-%08d", i)
		rows[i].IP = fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
	}
	appendRows(m, rows...)
	m.listing.loading = false
	for i := range rows {
		m.selected.add(rows[i].ID)
	}
	m.afterMessage()
	return m
}

// BenchmarkKeystroke is Update plus View for each keystroke the analyst
// makes most, at 100,000 rows with all 100,000 selected (issue 13's
// budget: one frame, 16 ms, median under 5 ms).
func BenchmarkKeystroke(b *testing.B) {
	k := keys
	for _, tc := range []struct {
		name string
		keys []string // pressed in turn, one per iteration
	}{
		{"move", []string{k.Down.Keys()[0], k.Up.Keys()[0]}},
		{"select", []string{k.Toggle.Keys()[0]}},
		{"selectAll-clear", []string{k.SelectAll.Keys()[0], k.Clear.Keys()[0]}},
		{"sort", []string{k.Sort.Keys()[0]}},
		{"selectedOnly", []string{k.SelectedOnly.Keys()[0]}},
		{"group", []string{k.Group.Keys()[0]}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			m := keystrokeModel(b, 100000)
			b.ResetTimer()
			for i := range b.N {
				m.Update(keyPress(tc.keys[i%len(tc.keys)]))
				_ = m.View()
			}
		})
	}
	b.Run("filterChar", func(b *testing.B) {
		m := keystrokeModel(b, 100000)
		m.Update(keyPress(k.Filter.Keys()[0]))
		b.ResetTimer()
		for i := range b.N {
			if i%2 == 0 {
				m.Update(keyPress("a"))
			} else {
				m.Update(tea.KeyPressMsg{Code: tea.KeyBackspace})
			}
			_ = m.View()
		}
	})
}
