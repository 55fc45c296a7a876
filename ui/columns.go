package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"
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
// drops those with the highest priority number first. What this session
// did to a row (sending, failed, not sent) comes first, beside the
// selection mark, and only while some row on screen has such a mark; the
// state goes when every row on screen has the one state the query asked
// for.
func signInColumns() []column[signInRow] {
	return []column[signInRow]{
		{title: "SENT", min: 1, max: 10, twoForms: true, priority: 1, cell: sentCell, skip: noneSent},
		{title: "TIME (UTC)", min: 11, max: 11, priority: 1, cell: timeCell},
		{title: "USER", min: 14, max: 40, priority: 1, cell: userCell},
		{title: "APP", min: 10, max: 40, priority: 3, cell: appCell},
		{title: "CLIENT", min: 7, max: 22, priority: 5, cell: clientCell},
		{title: "IP", min: 15, max: 39, priority: 2, cell: func(r signInRow, _ int) (string, cellKind) {
			return orDash(r.s.IP)
		}},
		{title: "NET", short: "N", min: 1, max: 9, twoForms: true, priority: 1, cell: netCell, skip: noneNamed},
		{title: "CC", min: 2, max: 2, priority: 1, cell: func(r signInRow, _ int) (string, cellKind) {
			return orDash(r.s.Country)
		}},
		{title: "LOCATION", min: 8, max: 28, priority: 4, cell: func(r signInRow, _ int) (string, cellKind) {
			return orDash(r.s.City)
		}},
		{title: "RISK", min: 6, max: 6, priority: 1, cell: riskCell},
		{title: "RESULT", min: 9, max: 17, twoForms: true, priority: 2, cell: resultCell},
		{title: "STATE", min: 11, max: 20, twoForms: true, priority: 1, cell: stateCell, skip: allAsked},
		{title: "RISK EVENTS", min: 12, priority: 5, cell: riskEventsCell},
	}
}

// noneSent reports rows none of which this session marked.
func noneSent(rows []signInRow) bool {
	for _, r := range rows {
		if r.mark.outcome.kind != outcomeNone {
			return false
		}
	}
	return true
}

// allAsked reports rows that all have the one state the query asked for:
// the column would repeat the query.
func allAsked(rows []signInRow) bool {
	for _, r := range rows {
		if r.asked == "" || r.s.RiskState != r.asked {
			return false
		}
	}
	return len(rows) > 0
}

// appCell is the app's name; where it does not fit, without the vendor's
// prefix ("Teams", not "Microsoft…"), which tells the apps apart.
func appCell(r signInRow, width int) (string, cellKind) {
	name := r.s.App
	for _, prefix := range []string{"Microsoft ", "Office 365 ", "Azure "} {
		if ansi.StringWidth(name) <= width {
			break
		}
		name = strings.TrimPrefix(name, prefix)
	}
	return orDash(name)
}

// modernClients are the client-app categories Graph gives modern
// authentication, in fewer cells.
var modernClients = map[string]string{"Browser": "browser", "Mobile Apps and Desktop clients": "app/desktop"}

// clientCell is the client app: a legacy protocol by name and marked so
// ("legacy IMAP4"), in the colour of a warning, since it cannot do MFA
// and carries most password sprays; a modern one in a word.
func clientCell(r signInRow, width int) (string, cellKind) {
	app := r.s.ClientApp
	if short, legacy := graph.LegacyClient(app); legacy {
		if text := "legacy " + app; ansi.StringWidth(text) <= width {
			return text, cellRiskMedium
		}
		return "legacy " + short, cellRiskMedium
	}
	if word, ok := modernClients[app]; ok {
		return word, cellMuted
	}
	return orDash(app)
}

// riskEventsCell lists the risk events by their full names where they
// fit; else by their short forms (graph.EventShort: "anonIP,travel"),
// which the details spell out; else the short forms that fit whole and
// how many more ("unfamiliar +2").
func riskEventsCell(r signInRow, width int) (string, cellKind) {
	events := r.s.RiskEventTypes
	all := strings.Join(events, ",")
	if ansi.StringWidth(all) <= width || len(events) == 0 {
		return orDash(all)
	}
	short := make([]string, len(events))
	for i, e := range events {
		short[i] = graph.EventShort(e)
	}
	if text := strings.Join(short, ","); ansi.StringWidth(text) <= width || len(short) == 1 {
		return text, cellPlain
	}
	for n := len(short) - 1; n >= 1; n-- {
		text := strings.Join(short[:n], ",") + fmt.Sprintf(" +%d", len(short)-n)
		if ansi.StringWidth(text) <= width {
			return text, cellPlain
		}
	}
	return fmt.Sprintf("%s +%d", short[0], len(short)-1), cellPlain
}

// sentCell is what this session did to the row: sending, accepted,
// failed (with the HTTP status), not sent, unknown, or a dry run; where
// there is no room, its glyph alone (the status pane gives the row's
// reason).
func sentCell(r signInRow, width int) (string, cellKind) {
	text, kind := sentText(r.mark.outcome)
	if ansi.StringWidth(text) > width && text != "" {
		text = strings.Fields(text)[0]
	}
	return text, kind
}

func sentText(o idOutcome) (string, cellKind) {
	switch o.kind {
	case outcomeSending:
		return "sending…", cellMuted
	case outcomeAccepted:
		return "✓ sent", cellSafe
	case outcomeFailed:
		if o.status != 0 {
			return fmt.Sprintf("✗ %d", o.status), cellFailed
		}
		return "✗ failed", cellFailed
	case outcomeNotSent:
		return "✗ not sent", cellFailed
	case outcomeUnknown:
		return "? unknown", cellFailed
	case outcomeDryRun:
		return "○ dry run", cellMuted
	}
	return "", cellPlain
}

func orDash(s string) (string, cellKind) {
	if s == "" {
		return "–", cellMuted
	}
	return s, cellPlain
}

// timeCell is the month, day and time: the same at every width, so that
// the column never changes under the analyst (the details give the year).
func timeCell(r signInRow, _ int) (string, cellKind) {
	s := r.s
	if s.Created.IsZero() {
		return "–", cellMuted
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

// shortStates are the risk states in fewer cells, for a narrow table.
var shortStates = map[graph.RiskState]string{
	graph.RiskStateConfirmedSafe: "safe", graph.RiskStateConfirmedCompromised: "compromised", graph.RiskStateAtRisk: "at risk",
}

// stateCell is Graph's own name for the risk state, or a shorter word
// where there is no room for it.
func stateCell(r signInRow, width int) (string, cellKind) {
	s := r.s
	text := string(s.RiskState)
	if short, ok := shortStates[s.RiskState]; ok && width < len(text) {
		text = short
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
