package ui

import (
	"maps"
	"slices"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// plan is a verdict the analyst is asked to confirm: exactly what will be
// sent, and what the guard leaves out and why, computed when the dialog
// opens (and again when the analyst includes the left-out ones) and sent
// as is. What is sent and left out is graph's plan (graph.Verdicts.NewPlan),
// the one the headless commands and the dispatcher hold too; the rest is
// what the dialog says of it.
type plan struct {
	graph.Plan
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
	outOfView       int    // selected sign-ins the filter hides
	fromLog         int    // selected sign-ins of a user's log (U), not among the loaded rows
	notLoaded       int    // selected IDs neither loaded nor in a user's log
	note            string // the analyst's reason, journaled with each request
	// forUsers are the users a user action was asked for, as chosen; nil
	// for a verdict on sign-ins.
	forUsers []followUp
}

// again is the plan made anew with include times included, for the same
// selection: the confirm dialog's I.
func (ses *session) again(p plan, include int) plan {
	if p.verdict.Subject == graph.SubjectUsers {
		return ses.newUserPlan(p.verdict, p.forUsers, include)
	}
	return ses.newPlan(p.verdict, include)
}

// newUserPlan is the plan of the user action v for users, include times
// included: graph's plan, with the users' names.
func (ses *session) newUserPlan(v graph.Verdict, users []followUp, include int) plan {
	items := make([]graph.PlanItem, len(users))
	names := map[string]string{}
	for i, u := range users {
		items[i] = graph.PlanItem{ID: u.User}
		names[graph.CanonicalID(u.User)] = u.who()
	}
	gp := ses.verdicts.NewPlan(graph.PlanInput{Verdict: v, Include: include, Items: items,
		Memory: ses.graph.Memory(), Unlisted: graph.PartOpen})
	p := plan{Plan: gp, verdict: v, include: include, batchSize: ses.graph.BatchFor(v),
		ids: gp.Send, separate: gp.Separate, forUsers: users}
	named := func(items []graph.PlanItem) (ids, who []string) {
		for _, it := range items {
			ids, who = append(ids, it.ID), append(who, names[graph.CanonicalID(it.ID)])
		}
		return ids, who
	}
	for part := range gp.Left {
		p.left[part], p.leftUsers[part] = named(gp.Left[part])
		p.overridden[part], p.overriddenUsers[part] = named(gp.Included[part])
	}
	_, p.userNames = named(gp.Sent)
	p.users = len(p.userNames)
	p.requests = ses.graph.Requests(v, len(p.ids))
	return p
}

// sent is every ID the plan sends, in order.
func (p plan) sent() []string { return append(slices.Clone(p.ids), p.separate...) }

// leftOut counts what the guard leaves out.
func (p plan) leftOut() int { return p.LeftOut() }

// leftText says what is left out, part by part.
func (p plan) leftText() string { return p.LeftText() }

// planItems is the selection for a plan: rows in view first, in view
// order; then selected rows the filter hides; then selected IDs that are
// not loaded, sorted. It counts those out of view, those known from a
// user's log, and those not loaded.
func (ses *session) planItems() (items []graph.PlanItem, outOfView, fromLog, notLoaded int) {
	seen := map[string]bool{}
	for i := range ses.table.shownLen() {
		if s := ses.table.at(i); ses.isSelected(i, s.ID) {
			seen[s.ID] = true
			items = append(items, graph.PlanItem{ID: s.ID, SignIn: s})
		}
	}
	for pos := range ses.table.rows {
		if s := &ses.table.rows[pos]; !seen[s.ID] && ses.selected.has(s.ID) {
			seen[s.ID] = true
			items = append(items, graph.PlanItem{ID: s.ID, SignIn: s}) // selected, loaded, hidden by the filter
			outOfView++
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
		// A sign-in of a user's log (U) is known though not loaded: the
		// guard and the dialog read it as they read a loaded row.
		s := ses.signInByID(id)
		if s != nil {
			fromLog++
		}
		items = append(items, graph.PlanItem{ID: id, SignIn: s})
	}
	return items, outOfView, fromLog, len(rest) - fromLog
}

// newPlan snapshots the selection for verdict v, include times included.
func (ses *session) newPlan(v graph.Verdict, include int) plan {
	items, outOfView, fromLog, notLoaded := ses.planItems()
	gp := ses.verdicts.NewPlan(graph.PlanInput{Verdict: v, Include: include, Items: items,
		Memory: ses.graph.Memory(), Unlisted: graph.PartUnknown})
	p := plan{Plan: gp, verdict: v, include: include, batchSize: ses.graph.BatchSize(),
		ids: gp.Send, separate: gp.Separate, outOfView: outOfView, fromLog: fromLog, notLoaded: notLoaded}
	// who names the user of an item: the loaded row's, or the one this
	// session sent it for, or none.
	who := func(it graph.PlanItem) (key, name string) {
		if it.SignIn != nil {
			return it.SignIn.UserKey(), orDashText(ses.table.userName(it.SignIn))
		}
		if u, ok := ses.sentUsers[it.ID]; ok {
			return u.key, u.name
		}
		return "sign-in " + it.ID, "sign-in " + sanitize.Visible(it.ID) + " (not loaded)"
	}
	names := func(items []graph.PlanItem) []string {
		set := map[string]string{}
		for _, it := range items {
			k, n := who(it)
			set[k] = n
		}
		return slices.Sorted(maps.Values(set))
	}
	ids := func(items []graph.PlanItem) []string {
		out := make([]string, len(items))
		for i, it := range items {
			out[i] = it.ID
		}
		return out
	}
	for part := range gp.Left {
		p.left[part], p.leftUsers[part] = ids(gp.Left[part]), names(gp.Left[part])
		p.overridden[part], p.overriddenUsers[part] = ids(gp.Included[part]), names(gp.Included[part])
	}
	var loaded []graph.PlanItem
	for _, it := range gp.Sent {
		if it.SignIn != nil {
			loaded = append(loaded, it)
		}
	}
	p.userNames = names(loaded)
	p.users = len(p.userNames)
	p.requests = ses.graph.Requests(p.verdict, len(p.ids)) + ses.graph.Requests(p.verdict, len(p.separate))
	return p
}
