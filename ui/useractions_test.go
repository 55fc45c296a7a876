package ui

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// compromisedPair is two at-risk sign-ins of two users, and a memory in
// which the journal says both were confirmed compromised.
func compromisedPair(t *testing.T, sim *simtenant.Server) (users []string, mem *graph.Memory) {
	t.Helper()
	recall := graph.Recall{Accepted: map[string]string{}, Users: map[string]string{}}
	for _, s := range sim.SignIns() {
		if s.RiskState == "atRisk" && len(users) < 2 && !slices.Contains(users, s.UserID) {
			users = append(users, s.UserID)
			recall.Accepted[s.ID], recall.Users[s.ID] = "confirmCompromised", s.UserID
		}
	}
	slices.Sort(users)
	return users, graph.NewMemoryFrom(func(string) graph.Recall { return recall })
}

func userHarness(t *testing.T, sim *simtenant.Server, o graph.Options) *harness {
	t.Helper()
	o.UserActions = graph.UserActions()
	c := simtest.Client(t, sim, o)
	m := New(Config{Graph: c, Query: graph.DefaultQuery(testNow), Source: "test", Now: func() time.Time { return testNow }})
	h := newHarness(t, m, 100, 30)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	return h
}

// TestTheFollowUpListActsOnTheUsers: F lists the users the journal's
// compromises named; R revokes the sessions of those selected, one
// request each, and the list then says so; D, dismissing their risk,
// leaves them out as a reversal until included twice.
func TestTheFollowUpListActsOnTheUsers(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 80})
	users, mem := compromisedPair(t, sim)
	h := userHarness(t, sim, graph.Options{Memory: mem})
	h.press(keys.FollowUp)
	if p := h.prose(); !strings.Contains(p, "Users to follow up: 2 users") || strings.Count(p, "not yet") != 4 {
		t.Fatalf("the follow-up list:\n%s", h.screen())
	}
	h.press(keys.SelectAll, verdictKey(graph.ActionRevokeSessions))
	if p := h.prose(); !strings.Contains(p, "Revoke the sessions of 2 users?") || !strings.Contains(p, "once for each of 2 users") {
		t.Fatalf("the revoke dialog:\n%s", h.screen())
	}
	h.press(keys.Yes)
	h.waitFor("the revokes", func() bool { return !h.sending() })
	h.settle()
	reqs := sim.ActionRequests()
	var paths []string
	for _, r := range reqs {
		paths = append(paths, r.Path)
	}
	slices.Sort(paths)
	if want := []string{"/v1.0/users/" + users[0] + "/revokeSignInSessions", "/v1.0/users/" + users[1] + "/revokeSignInSessions"}; !slices.Equal(paths, want) {
		t.Fatalf("sent %v, want %v", paths, want)
	}
	if p := h.prose(); strings.Count(p, "revoked ✓") != 2 || strings.Count(p, "not yet") != 2 {
		t.Errorf("the list after the revokes:\n%s", h.screen())
	}

	// Dismissing their risk would reverse the compromise: left out.
	h.press(keys.SelectAll, verdictKey(graph.ActionDismissUserRisk))
	if p := h.prose(); !strings.Contains(p, "Kept out (it would reverse a compromise or a dismissal) for 2 users") ||
		!strings.Contains(p, "nothing is left to send") && !strings.Contains(p, "Left out: 2") {
		t.Fatalf("the dismiss dialog:\n%s", h.screen())
	}
	h.press(keys.Yes)
	if len(sim.ActionRequests()) != 2 {
		t.Fatal("y sent a reversal the guard left out")
	}
	h.press(keys.Include)
	h.press(keys.Yes)
	if len(sim.ActionRequests()) != 2 {
		t.Fatal("a reversal went out included once")
	}
	h.press(keys.Include)
	if p := h.prose(); !strings.Contains(p, "This REVERSES an earlier decision on 2 users") || !strings.Contains(p, "cannot be undone") {
		t.Fatalf("included twice:\n%s", h.screen())
	}
	h.press(keys.Yes)
	h.waitFor("the dismissal", func() bool { return !h.sending() })
	if reqs := sim.ActionRequests(); len(reqs) != 3 || reqs[2].Action != simtenant.ActionDismissUserRisk || len(reqs[2].IDs) != 2 {
		t.Fatalf("sent %+v", reqs)
	}
	h.settle()
	if p := h.prose(); !strings.Contains(p, "Users to follow up: 0 users") {
		t.Errorf("dismissed users are still to follow up:\n%s", h.screen())
	}
}

// TestAUserActionDryRunShowsTheExactBodies: in a dry run, confirming the
// users compromised and revoking their sessions send nothing, and J shows
// each request exactly: the userIds body, and one path per user with no
// body.
func TestAUserActionDryRunShowsTheExactBodies(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 80})
	users, mem := compromisedPair(t, sim)
	h := userHarness(t, sim, graph.Options{Memory: mem, DryRun: true})
	h.press(keys.FollowUp, keys.SelectAll, verdictKey(graph.ActionConfirmUserCompromised))
	if p := h.prose(); !strings.Contains(p, "DRY RUN: Confirm 2 users compromised?") {
		t.Fatalf("the dialog:\n%s", h.screen())
	}
	h.press(keys.Yes)
	h.waitFor("the dry run", func() bool { return !h.sending() })
	h.settle()
	h.press(keys.SelectAll, verdictKey(graph.ActionRevokeSessions), keys.Yes)
	h.waitFor("the dry run", func() bool { return !h.sending() })
	h.settle()
	if n := len(sim.ActionRequests()); n != 0 {
		t.Fatalf("a dry run sent %d requests", n)
	}
	h.press(keys.Back, keys.Back)
	log := h.openRequestLog()
	var body []string
	var got []string
	for _, line := range strings.Split(log, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, `{"userIds"`):
			body = []string{line}
		case body != nil:
			body = append(body, line)
			if line == "]}" {
				var b struct {
					UserIDs []string `json:"userIds"`
				}
				if err := json.Unmarshal([]byte(strings.Join(body, "\n")), &b); err != nil {
					t.Fatalf("not JSON: %v\n%s", err, strings.Join(body, "\n"))
				}
				got, body = b.UserIDs, nil
			}
		}
	}
	slices.Sort(got)
	if !slices.Equal(got, users) || !strings.Contains(log, "POST /identityProtection/riskyUsers/confirmCompromised") {
		t.Errorf("the confirm body holds %v, want %v:\n%s", got, users, log)
	}
	for _, u := range users {
		if !strings.Contains(log, "POST /users/"+u+"/revokeSignInSessions") {
			t.Errorf("no revoke request for %s:\n%s", u, log)
		}
	}
	if strings.Count(log, "(no body)") != 2 {
		t.Errorf("the revokes should show no body:\n%s", log)
	}
}

// TestRiskyUsersListsSortsFiltersAndActs: W lists the tenant's risky
// users with their level, state, and the sign-ins this session loaded of
// each (and how many at risk); o sorts, / filters, U opens a user's own
// log, and C confirms the selected users compromised in one request of
// userIds through the dialog.
func TestRiskyUsersListsSortsFiltersAndActs(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 80})
	h := userHarness(t, sim, graph.Options{})
	h.press(keys.RiskyUsers)
	h.waitFor("the risky users", func() bool { return strings.Contains(h.prose(), "(complete)") })
	r, ok := h.m.top().(*riskyUsersScreen)
	if !ok || len(r.rows) == 0 {
		t.Fatalf("W did not list risky users:\n%s", h.screen())
	}
	// The counts are the loaded rows'.
	u := r.current()
	loaded, atRisk := 0, 0
	for _, s := range h.rows() {
		if s.UserID == u.ID {
			loaded++
			if s.RiskState == graph.RiskStateAtRisk {
				atRisk++
			}
		}
	}
	if p := h.prose(); !strings.Contains(p, fmt.Sprintf("%s %s", u.UPN, u.Level)) || !strings.Contains(p, fmt.Sprintf("%d, %d risk", loaded, atRisk)) {
		t.Errorf("the first user %s (%s) with %d loaded, %d at risk:\n%s", u.UPN, u.Level, loaded, atRisk, h.screen())
	}
	// Sorted by level: high first.
	for i := 1; i < len(r.shown); i++ {
		if levelRank(r.rows[r.shown[i]].Level) > levelRank(r.rows[r.shown[i-1]].Level) {
			t.Fatalf("not sorted by level: %v", r.shown)
		}
	}
	h.press(keys.Sort) // last updated
	if !strings.Contains(h.prose(), "sorted by last updated") {
		t.Errorf("o did not sort by the update:\n%s", h.screen())
	}
	h.press(keys.Filter)
	h.typeText(u.UPN)
	h.press(keys.FilterApply)
	if len(r.shown) != 1 || r.current().ID != u.ID {
		t.Fatalf("filtering on %s keeps %d", u.UPN, len(r.shown))
	}
	h.press(keys.UserLog)
	if _, ok := h.m.top().(*userLogScreen); !ok {
		t.Fatalf("U did not open the user's log:\n%s", h.screen())
	}
	h.press(keys.Back, keys.Toggle, verdictKey(graph.ActionConfirmUserCompromised))
	if p := h.prose(); !strings.Contains(p, "Confirm 1 user compromised?") || !strings.Contains(p, u.UPN) {
		t.Fatalf("the dialog:\n%s", h.screen())
	}
	h.press(keys.Yes)
	h.waitFor("the request", func() bool { return !h.sending() })
	if reqs := sim.ActionRequests(); len(reqs) != 1 || reqs[0].Action != simtenant.ActionConfirmUserCompromised || !slices.Equal(reqs[0].IDs, []string{u.ID}) {
		t.Fatalf("sent %+v", reqs)
	}
	if got, _ := sim.RiskyUser(u.ID); got.RiskState != "confirmedCompromised" {
		t.Errorf("the user is %s", got.RiskState)
	}
}
