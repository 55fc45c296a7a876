package ui

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/signin-triage/signin-triage/graph"
)

// plan is a verdict the analyst is asked to confirm: exactly what will be
// sent, and what the guard leaves out and why, computed when the dialog
// opens (and again when the analyst includes the left-out ones) and sent
// as is.
type plan struct {
	verdict graph.Verdict
	// include is how far the analyst overrode the guard: 0 not at all; 1
	// the decided and the unknown; 2 also those in conflict (reversals).
	include  int
	ids      []string // sent in this order, in batches
	separate []string // never flagged: sent after, in batches of their own
	// left are the IDs the guard leaves out, by part; leftUsers their
	// users' names.
	left      [graph.PartUnknown + 1][]string
	leftUsers [graph.PartUnknown + 1][]string
	// overridden are the IDs sent because the analyst included them, by
	// part (decided, in conflict, unknown); overriddenUsers their users.
	overridden      [graph.PartUnknown + 1][]string
	overriddenUsers [graph.PartUnknown + 1][]string
	users           int      // distinct users among the loaded ones sent
	userNames       []string // those users' names, sorted, for the compromised dialog
	requests        int
	batchSize       int
	hidden          int    // selected sign-ins the filter hides
	notLoaded       int    // selected IDs that are not among the loaded rows
	note            string // the analyst's reason, journaled with each request
}

// sent is every ID the plan sends, in order.
func (p plan) sent() []string { return append(slices.Clone(p.ids), p.separate...) }

// leftOut counts what the guard leaves out.
func (p plan) leftOut() int {
	n := 0
	for _, ids := range p.left {
		n += len(ids)
	}
	return n
}

// leftText says what is left out, part by part.
func (p plan) leftText() string {
	var parts []string
	for part, ids := range p.left {
		if len(ids) > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", len(ids), graph.Part(part)))
		}
	}
	return strings.Join(parts, ", ")
}

// newPlan snapshots the selection for verdict v: rows in view first, in
// view order; then selected rows the filter hides; then selected IDs that
// are not loaded, sorted. Each falls in a part of the guard (open, never
// flagged, decided, in conflict, unknown) by what Graph was last known to
// have accepted for it and by its listed risk state; include says which
// left-out parts the analyst asked to send anyway.
func (ses *session) newPlan(v graph.Verdict, include int) plan {
	p := plan{verdict: v, include: include, batchSize: ses.graph.BatchSize()}
	users := map[string]string{}             // user key -> name, of those sent
	left := [len(p.left)]map[string]string{} // the same, of those left out
	over := [len(p.left)]map[string]string{} // and of those included on request
	for i := range left {
		left[i], over[i] = map[string]string{}, map[string]string{}
	}
	memory := ses.graph.Memory()
	place := func(id string, s *graph.SignIn) {
		var part graph.Part
		key, name := "sign-in "+id, "(not loaded)"
		if s == nil {
			part = ses.verdicts.PartOf(v, memory.Verdict(id), "", false)
			if u, ok := ses.sentUsers[id]; ok {
				key, name = u.key, u.name
			}
		} else {
			part = ses.verdicts.PartOf(v, memory.Verdict(id), s.RiskState, true)
			key, name = s.UserKey(), orDashText(ses.table.userName(s))
		}
		switch {
		case part == graph.PartNeverFlagged:
			p.separate = append(p.separate, id)
		case part.Sent():
			p.ids = append(p.ids, id)
		case include >= 1 && (part == graph.PartDecided || part == graph.PartUnknown),
			include >= 2 && part == graph.PartConflict:
			p.ids = append(p.ids, id)
			p.overridden[part] = append(p.overridden[part], id)
			over[part][key] = name
		default:
			p.left[part] = append(p.left[part], id)
			left[part][key] = name
			return
		}
		if s != nil {
			users[key] = name
		}
	}
	seen := map[string]bool{}
	for i := range ses.table.shownLen() {
		if s := ses.table.at(i); ses.isSelected(i, s.ID) {
			seen[s.ID] = true
			place(s.ID, s)
		}
	}
	for pos := range ses.table.rows {
		if s := &ses.table.rows[pos]; !seen[s.ID] && ses.selected.has(s.ID) {
			seen[s.ID] = true
			place(s.ID, s) // selected, loaded, hidden by the filter
			p.hidden++
		}
	}
	var rest []string
	for id := range ses.selected.notLoaded() {
		if !seen[id] {
			rest = append(rest, id)
		}
	}
	slices.Sort(rest)
	for _, id := range rest {
		place(id, nil)
	}
	p.notLoaded = len(rest)
	for part := range left {
		p.leftUsers[part] = slices.Sorted(maps.Values(left[part]))
		p.overriddenUsers[part] = slices.Sorted(maps.Values(over[part]))
	}
	p.users = len(users)
	p.userNames = slices.Sorted(maps.Values(users))
	p.requests = ses.graph.Requests(len(p.ids)) + ses.graph.Requests(len(p.separate))
	return p
}
