package ui

import (
	"fmt"
	"strings"

	"github.com/signin-triage/signin-triage/graph"
)

// cellKind says what a cell shows, so that the table can colour it; the
// text itself always carries the meaning.
type cellKind int

const (
	cellPlain cellKind = iota
	cellMuted
	cellRiskHigh
	cellRiskMedium
	cellSafe
	cellCompromised
	cellFailed
)

// column is one table column. Columns are shown in the order of
// tableColumns; when the terminal is narrow, those with the highest
// priority number are dropped first.
type column struct {
	title    string
	min, max int // width bounds; max 0 means it takes a share of spare room
	weight   int // share of spare room
	priority int // 1 is never dropped
	cell     func(s *graph.SignIn, o idOutcome, width int) (string, cellKind)
	width    int // set by layoutColumns
}

var tableColumns = []column{
	{title: "TIME (UTC)", min: 11, max: 16, priority: 1, cell: timeCell},
	{title: "USER", min: 14, max: 40, weight: 4, priority: 1, cell: userCell},
	{title: "APP", min: 10, max: 32, weight: 3, priority: 3, cell: func(s *graph.SignIn, _ idOutcome, _ int) (string, cellKind) {
		return orDash(s.App)
	}},
	{title: "IP", min: 15, max: 39, weight: 1, priority: 2, cell: func(s *graph.SignIn, _ idOutcome, _ int) (string, cellKind) {
		return orDash(s.IP)
	}},
	{title: "LOCATION", min: 10, max: 28, weight: 2, priority: 4, cell: func(s *graph.SignIn, _ idOutcome, _ int) (string, cellKind) {
		return orDash(s.Location())
	}},
	{title: "RISK", min: 6, max: 6, priority: 1, cell: riskCell},
	{title: "STATE", min: 15, max: 22, priority: 1, cell: stateCell},
	{title: "RISK EVENTS", min: 12, weight: 4, priority: 5, cell: func(s *graph.SignIn, _ idOutcome, _ int) (string, cellKind) {
		return orDash(strings.Join(s.RiskEventTypes, ","))
	}},
}

// layoutColumns picks the columns that fit width and sizes them: every
// shown column gets its minimum, then spare room goes to the flexible ones
// by weight, up to their maximum.
func layoutColumns(width int) []column {
	cols := make([]column, 0, len(tableColumns))
	for prio := 5; prio >= 1; prio-- {
		cols = cols[:0]
		used := 0
		for _, c := range tableColumns {
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

func distribute(cols []column, spare int) {
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

func orDash(s string) (string, cellKind) {
	if s == "" {
		return "–", cellMuted
	}
	return s, cellPlain
}

func timeCell(s *graph.SignIn, _ idOutcome, width int) (string, cellKind) {
	if s.Created.IsZero() {
		return "–", cellMuted
	}
	if width >= 16 {
		return s.Created.UTC().Format("2006-01-02 15:04"), cellPlain
	}
	return s.Created.UTC().Format("01-02 15:04"), cellPlain
}

func userCell(s *graph.SignIn, _ idOutcome, _ int) (string, cellKind) {
	if s.UPN != "" {
		return s.UPN, cellPlain
	}
	return orDash(s.UserDisplayName)
}

func riskCell(s *graph.SignIn, _ idOutcome, _ int) (string, cellKind) {
	switch s.RiskLevel {
	case graph.RiskLevelHigh:
		return "high", cellRiskHigh
	case graph.RiskLevelMedium:
		return "medium", cellRiskMedium
	case "":
		return "–", cellMuted
	}
	return string(s.RiskLevel), cellPlain
}

// stateCell shows Graph's own name for the risk state, or what this session
// did to the row: sending, failed (with the HTTP status), not sent.
func stateCell(s *graph.SignIn, o idOutcome, _ int) (string, cellKind) {
	switch o.kind {
	case outcomeSending:
		return "sending…", cellMuted
	case outcomeFailed:
		if o.status != 0 {
			return fmt.Sprintf("✗ failed %d", o.status), cellFailed
		}
		return "✗ failed", cellFailed
	case outcomeNotSent:
		return "✗ not sent", cellFailed
	case outcomeUnknown:
		return "? unknown", cellFailed
	case outcomeDryRun:
		return "○ would send", cellMuted
	}
	text := string(s.RiskState)
	if o.kind == outcomeConfirmed {
		text = "✓ " + text
	}
	switch s.RiskState {
	case graph.RiskStateConfirmedSafe, graph.RiskStateDismissed, graph.RiskStateRemediated:
		return text, cellSafe
	case graph.RiskStateConfirmedCompromised:
		return text, cellCompromised
	case "":
		return "–", cellMuted
	}
	return text, cellPlain
}
