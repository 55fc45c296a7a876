package ui

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// summaryCase is a sign-in of a simulated tenant to open the details of.
type summaryCase struct {
	name     string
	practice string // the practice incident to find a seed for; "" is the README's tenant
	pick     func(s simtenant.SignIn) bool
}

// practiceSeed is the first practice seed whose tenant holds the kind of
// incident named.
func practiceSeed(t *testing.T, kind string) uint64 {
	t.Helper()
	for seed := uint64(2); seed < 300; seed++ {
		sim, err := simtenant.Start(simtenant.Options{SignIns: 250, Seed: seed, Practice: true, Now: testNow})
		if err != nil {
			t.Fatal(err)
		}
		incidents := sim.Incidents()
		sim.Close()
		if slices.ContainsFunc(incidents, func(i simtenant.Incident) bool { return i.Kind == kind }) {
			return seed
		}
	}
	t.Fatalf("no practice tenant holds %q", kind)
	return 0
}

// TestTheSummaryIsOnTheFirstScreen pins the details at 80x24 for three
// sign-ins an analyst must tell apart: a spray's attempt that failed on a
// wrong password, a replayed token that succeeded, and a traveller on
// her own laptop. The summary is whole on the first screen, above the
// full fields: from its title to its last line, Access.
func TestTheSummaryIsOnTheFirstScreen(t *testing.T) {
	cases := []summaryCase{
		{"a wrong-password spray attempt", "", func(s simtenant.SignIn) bool { return s.Truth == simtenant.TruthAttempt }},
		{"a token-replay success", "adversary-in-the-middle and token replay", func(s simtenant.SignIn) bool {
			return slices.Contains(s.RiskEventTypes, "anomalousToken") && s.Status.ErrorCode == 0
		}},
		{"a traveller on her own laptop", "a benign traveller", func(s simtenant.SignIn) bool { return s.Incident == "a benign traveller" }},
	}
	var b strings.Builder
	for _, c := range cases {
		opts := simtenant.Options{SignIns: 250, Seed: 1, Practice: true}
		if c.practice != "" {
			opts.Seed = practiceSeed(t, c.practice)
		}
		e := newEnv(t, opts, 0)
		i := slices.IndexFunc(e.sim.SignIns(), c.pick)
		if i < 0 {
			t.Fatalf("%s: the tenant has none", c.name)
		}
		id := e.sim.SignIns()[i].ID
		h := loaded(t, e, 80, 24)
		at := slices.IndexFunc(h.m.table.view, func(pos int) bool { return h.m.table.rows[pos].ID == id })
		if at < 0 {
			t.Fatalf("%s: %s is not in view", c.name, id)
		}
		h.m.table.moveTo(at)
		h.key(keys.Details)
		h.settle()
		screen := h.screen()
		lines := strings.Split(screen, "\n")
		top := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "Summary ") })
		access := slices.IndexFunc(lines, func(l string) bool { return strings.HasPrefix(l, "  Access ") })
		more := slices.IndexFunc(lines, func(l string) bool { return strings.Contains(l, "more below") })
		if top < 0 || access < top || more < access {
			t.Errorf("%s: the summary is not whole on the first screen:\n%s", c.name, screen)
		}
		fmt.Fprintf(&b, "== %s (seed %d)\n%s\n", c.name, opts.Seed, screen)
	}
	golden.RequireEqual(t, []byte(b.String()))
}

// TestBracketsJumpToTheUsersFirstAndLastSignIn: in the details, [ shows
// this user's earliest sign-in in view and ] the latest, whatever the
// sort, skipping other users' rows; at the end already, a note says so.
func TestBracketsJumpToTheUsersFirstAndLastSignIn(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 250, Seed: 1}, 0)
	h := loaded(t, e, 100, 30)
	var first, last *graph.SignIn
	user := ""
	for i := range h.m.table.view {
		s := h.m.table.at(i)
		if !strings.HasPrefix(s.UPN, "bianca.") {
			continue
		}
		user = s.UserKey()
		if first == nil || s.Created.Before(first.Created) {
			first = s
		}
		if last == nil || s.Created.After(last.Created) {
			last = s
		}
	}
	if user == "" || first.ID == last.ID {
		t.Fatal("the tenant has no user with several sign-ins in view")
	}
	// Start on one of the user's sign-ins between the two.
	mid := slices.IndexFunc(h.m.table.view, func(pos int) bool {
		s := &h.m.table.rows[pos]
		return s.UserKey() == user && s.ID != first.ID && s.ID != last.ID
	})
	h.m.table.moveTo(mid)
	h.key(keys.Details)
	details := h.m.top().(*detailsScreen)
	h.key(keys.UserFirst)
	if details.id != first.ID {
		t.Fatalf("[ shows %s, want the user's earliest %s", details.id, first.ID)
	}
	if cur, _ := h.current(); cur.ID != first.ID {
		t.Errorf("the table's cursor stayed on %s", cur.ID)
	}
	h.key(keys.UserFirst)
	if !strings.Contains(h.prose(), "the user's first sign-in in view") {
		t.Errorf("[ on the first says nothing:\n%s", h.screen())
	}
	h.key(keys.UserLast)
	if details.id != last.ID {
		t.Fatalf("] shows %s, want the user's latest %s", details.id, last.ID)
	}
}
