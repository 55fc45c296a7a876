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

// signInColumns are the table's columns, in order; a narrow terminal
// drops those with the highest priority number first.
func signInColumns() []column[signInRow] {
	return []column[signInRow]{
		{title: "TIME (UTC)", min: 11, max: 16, priority: 1, cell: timeCell},
		{title: "USER", min: 14, max: 40, weight: 4, priority: 1, cell: userCell},
		{title: "APP", min: 10, max: 32, weight: 3, priority: 3, cell: func(r signInRow, _ int) (string, cellKind) {
			return orDash(r.s.App)
		}},
		{title: "IP", min: 15, max: 39, weight: 1, priority: 2, cell: func(r signInRow, _ int) (string, cellKind) {
			return orDash(r.s.IP)
		}},
		{title: "LOCATION", min: 10, max: 28, weight: 2, priority: 4, cell: func(r signInRow, _ int) (string, cellKind) {
			return orDash(r.s.Location())
		}},
		{title: "RISK", min: 6, max: 6, priority: 1, cell: riskCell},
		{title: "RESULT", min: 9, max: 17, weight: 1, priority: 2, cell: resultCell},
		{title: "STATE", min: 15, max: 22, priority: 1, cell: stateCell},
		{title: "RISK EVENTS", min: 12, weight: 4, priority: 5, cell: func(r signInRow, _ int) (string, cellKind) {
			return orDash(strings.Join(r.s.RiskEventTypes, ","))
		}},
	}
}

func orDash(s string) (string, cellKind) {
	if s == "" {
		return "–", cellMuted
	}
	return s, cellPlain
}

func timeCell(r signInRow, width int) (string, cellKind) {
	s := r.s
	if s.Created.IsZero() {
		return "–", cellMuted
	}
	if width >= 16 {
		return s.Created.UTC().Format("2006-01-02 15:04"), cellPlain
	}
	return s.Created.UTC().Format("01-02 15:04"), cellPlain
}

func userCell(r signInRow, _ int) (string, cellKind) {
	s := r.s
	if s.UPN != "" {
		return s.UPN, cellPlain
	}
	return orDash(s.UserDisplayName)
}

func riskCell(r signInRow, _ int) (string, cellKind) {
	s := r.s
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

// resultCell is how the sign-in ended, with its code: in words where
// there is room ("interrupted 50074"), else a glyph ("◐ 50074"). A risky
// sign-in that succeeded, or stopped after the password was verified, is
// the one to look at first, and is drawn so.
func resultCell(r signInRow, width int) (string, cellKind) {
	s := r.s
	res := s.Result()
	kind := cellMuted
	switch {
	case res == graph.ResultSuccess:
		kind = cellRiskHigh
	case s.Password() == graph.PasswordVerified:
		kind = cellRiskMedium
	}
	if res == graph.ResultUnknown {
		return "? unknown", cellMuted
	}
	if width >= 17 {
		if res == graph.ResultSuccess {
			return "success", kind
		}
		return res.String() + " " + s.CodeText(), kind
	}
	glyph := map[graph.Result]string{graph.ResultSuccess: "✓", graph.ResultInterrupted: "◐", graph.ResultFailure: "✗"}[res]
	if res == graph.ResultSuccess {
		return glyph + " success", kind
	}
	return glyph + " " + s.CodeText(), kind
}

// stateCell shows Graph's own name for the risk state, or what this session
// did to the row: sending, failed (with the HTTP status), not sent.
func stateCell(r signInRow, _ int) (string, cellKind) {
	s, o := r.s, r.mark.outcome
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
