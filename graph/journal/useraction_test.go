package journal_test

import (
	"context"
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// userAction is the user action named name.
func userAction(t *testing.T, name string) graph.Verdict {
	t.Helper()
	v, ok := graph.UserActions().Named(name)
	if !ok {
		t.Fatalf("no user action %s", name)
	}
	return v
}

// userSetup is a tenant, a journal at a temporary path and a client on
// both with the user actions on, paced by a step clock.
func userSetup(t *testing.T, opts simtenant.Options) (*simtenant.Server, *journal.Journal, *graph.Client, string) {
	t.Helper()
	clock := simtest.NewStepClock(simtest.Now())
	opts.Clock = clock.Now
	sim := simtest.Tenant(t, opts)
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { j.Close() })
	j.Tenant = "contoso.onmicrosoft.com"
	c := simtest.Client(t, sim, graph.Options{Recorder: j, UserActions: graph.UserActions(), Pace: time.Second, Clock: clock, BatchSize: 100,
		Memory: graph.NewMemoryFrom(j.Remembered)})
	return sim, j, c, path
}

// usersOf are n distinct users of the tenant's sign-ins.
func usersOf(sim *simtenant.Server, n int) []string {
	var out []string
	for _, s := range sim.SignIns() {
		if len(out) < n && !slices.Contains(out, s.UserID) {
			out = append(out, s.UserID)
		}
	}
	return out
}

func sendUsers(c *graph.Client, v graph.Verdict, ids []string, o graph.DispatchOptions) []graph.BatchResult {
	var out []graph.BatchResult
	c.DispatchWith(context.Background(), v, ids, o, func(r graph.BatchResult) { out = append(out, r) })
	return out
}

// TestUserActionsSendTheirDocumentedRequests: dismissing 130 users goes
// as 60, 60 and 10 userIds; confirming them compromised as userIds in
// batches of the client's size; revoking goes one request per user, no
// body, paced; and the journal records each request with its note.
func TestUserActionsSendTheirDocumentedRequests(t *testing.T) {
	sim, _, c, path := userSetup(t, simtenant.Options{SignIns: 200})
	var many []string
	for i := range 130 {
		many = append(many, fmt.Sprintf("00000000-0000-4000-8000-%012d", i))
	}
	results := sendUsers(c, userAction(t, graph.ActionDismissUserRisk), many, graph.DispatchOptions{Note: "INC-1"})
	reqs := sim.ActionRequests()
	if len(reqs) != 3 || len(results) != 3 {
		t.Fatalf("%d requests, %d results; want 3", len(reqs), len(results))
	}
	var sent []string
	for i, r := range reqs {
		if r.Path != "/v1.0/identityProtection/riskyUsers/dismiss" || len(r.IDs) != []int{60, 60, 10}[i] || r.Status != 204 {
			t.Errorf("request %d: %s %s with %d userIds, status %d", i, r.Method, r.Path, len(r.IDs), r.Status)
		}
		sent = append(sent, r.IDs...)
	}
	if !slices.Equal(sent, many) {
		t.Errorf("sent %d IDs, not the 130 in order", len(sent))
	}

	users := usersOf(sim, 3)
	before := len(sim.ActionRequests())
	results = sendUsers(c, userAction(t, graph.ActionRevokeSessions), users, graph.DispatchOptions{Note: "INC-2"})
	reqs = sim.ActionRequests()[before:]
	if len(reqs) != 3 {
		t.Fatalf("%d revoke requests for 3 users", len(reqs))
	}
	for i, r := range reqs {
		if r.Path != "/v1.0/users/"+users[i]+"/revokeSignInSessions" || r.ContentLength > 0 || r.Status != 200 || results[i].Outcome != graph.Accepted {
			t.Errorf("revoke %d: %s, %d body bytes, status %d, %v", i, r.Path, r.ContentLength, r.Status, results[i].Outcome)
		}
		if i > 0 && r.At.Sub(reqs[i-1].At) < time.Second {
			t.Errorf("revoke %d came %v after the one before: not paced", i, r.At.Sub(reqs[i-1].At))
		}
	}
	if got := sim.Revoked(); len(got) != 3 {
		t.Errorf("the tenant revoked %d users' sessions, want 3", len(got))
	}

	before = len(sim.ActionRequests())
	sendUsers(c, userAction(t, graph.ActionConfirmUserCompromised), users[:2], graph.DispatchOptions{Note: "INC-3"})
	if r := sim.ActionRequests()[before:]; len(r) != 1 || r[0].Path != "/v1.0/identityProtection/riskyUsers/confirmCompromised" || !slices.Equal(r[0].IDs, users[:2]) {
		t.Errorf("confirm compromised sent %+v", r)
	}

	recs, err := journal.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	intents := map[string][]string{}
	for _, r := range recs {
		if r.Kind == journal.Intent {
			intents[r.Action] = append(intents[r.Action], r.Note)
		}
	}
	want := map[string][]string{graph.ActionDismissUserRisk: {"INC-1", "INC-1", "INC-1"},
		graph.ActionRevokeSessions: {"INC-2", "INC-2", "INC-2"}, graph.ActionConfirmUserCompromised: {"INC-3"}}
	for action, notes := range want {
		if !slices.Equal(intents[action], notes) {
			t.Errorf("journal intents of %s carry notes %q, want %q", action, intents[action], notes)
		}
	}
}

// TestARevoke403NamesThePermissionAndTheRole: without
// User.RevokeSessions.All the tenant answers 403, and the error says
// which permission and which role, and nothing more is sent.
func TestARevoke403NamesThePermissionAndTheRole(t *testing.T) {
	sim, _, c, _ := userSetup(t, simtenant.Options{SignIns: 60, MissingPermissions: []string{simtenant.PermRevokeSessions}})
	users := usersOf(sim, 2)
	results := sendUsers(c, userAction(t, graph.ActionRevokeSessions), users, graph.DispatchOptions{})
	if len(results) != 2 || results[0].Status != 403 || results[1].Outcome != graph.NotSent {
		t.Fatalf("results %+v", results)
	}
	msg := results[0].Err.Error()
	for _, want := range []string{"User.RevokeSessions.All", "Helpdesk Administrator", "--user-actions"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the 403 says %q: no %q", msg, want)
		}
	}
	if len(sim.ActionRequests()) != 1 {
		t.Errorf("%d requests after a 403, want 1", len(sim.ActionRequests()))
	}
}

// TestTheUserGuardRemembersCompromises: a user whose sign-in the journal
// says was confirmed compromised is not dismissed until included twice;
// a user dismissed is not confirmed compromised until included twice;
// revoking again is left out until included once. The memory comes from
// the journal, so a new session holds it too.
func TestTheUserGuardRemembersCompromises(t *testing.T) {
	sim, j, c, path := userSetup(t, simtenant.Options{SignIns: 200})
	var signIn simtenant.SignIn
	for _, s := range sim.SignIns() {
		if s.RiskState == "atRisk" {
			signIn = s
			break
		}
	}
	sendUsers(c, confirmCompromised, []string{signIn.ID}, graph.DispatchOptions{Users: map[string]string{signIn.ID: signIn.UserID}})
	other := ""
	for _, u := range usersOf(sim, 10) {
		if u != signIn.UserID {
			other = u
			break
		}
	}
	sendUsers(c, userAction(t, graph.ActionDismissUserRisk), []string{other}, graph.DispatchOptions{})
	sendUsers(c, userAction(t, graph.ActionRevokeSessions), []string{other}, graph.DispatchOptions{})
	j.Close()

	// A new session, from the journal alone.
	again, _, err := journal.OpenSession(path, journal.Where{Tenant: "contoso.onmicrosoft.com"})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	c2 := simtest.Client(t, sim, graph.Options{Recorder: again, UserActions: graph.UserActions(), Memory: graph.NewMemoryFrom(again.Remembered)})
	cases := []struct {
		action, user string
		sentAt       int // the least include that sends it
	}{
		{graph.ActionDismissUserRisk, signIn.UserID, 2},
		{graph.ActionConfirmUserCompromised, other, 2},
		{graph.ActionRevokeSessions, other, 1},
		{graph.ActionConfirmUserCompromised, signIn.UserID, 0},
		{graph.ActionRevokeSessions, signIn.UserID, 0},
	}
	for _, tc := range cases {
		v := userAction(t, tc.action)
		for include := range 3 {
			p := c2.Verdicts().NewPlan(graph.PlanInput{Verdict: v, Include: include, Items: []graph.PlanItem{{ID: tc.user}},
				Memory: c2.Memory(), Unlisted: graph.PartOpen})
			if got, want := len(p.Send) == 1, include >= tc.sentAt; got != want {
				t.Errorf("%s for %s at include %d: sent %v, want %v (left %v)", tc.action, tc.user, include, got, want, p.Left)
			}
		}
		// The dispatcher holds the same line, whatever the caller planned.
		before := len(sim.ActionRequests())
		results := sendUsers(c2, v, []string{tc.user}, graph.DispatchOptions{Include: tc.sentAt - 1})
		if tc.sentAt > 0 && (len(sim.ActionRequests()) != before || results[0].Err == nil || results[0].Err.Kind != graph.KindGuard) {
			t.Errorf("%s for %s at include %d: the dispatcher sent it (%+v)", tc.action, tc.user, tc.sentAt-1, results)
		}
	}
}

// TestUserActionsAreOffUnlessEnabled: a client not given the user actions
// sends none, and says how to turn them on.
func TestUserActionsAreOffUnlessEnabled(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 60})
	c := simtest.Client(t, sim, graph.Options{})
	results := sendUsers(c, userAction(t, graph.ActionRevokeSessions), usersOf(sim, 1), graph.DispatchOptions{})
	if len(results) != 1 || results[0].Outcome != graph.NotSent || !strings.Contains(results[0].Err.Error(), "--user-actions") {
		t.Fatalf("results %+v", results)
	}
	if len(sim.ActionRequests()) != 0 {
		t.Error("a user action went out with user actions off")
	}
}

// TestTheFollowUpListKeepsState: the users whose sign-ins were confirmed
// compromised are listed with each step done, not done or failed, from
// the journal in a later session; reversing a compromise takes the user
// off the list.
func TestTheFollowUpListKeepsState(t *testing.T) {
	sim, j, c, path := userSetup(t, simtenant.Options{SignIns: 200})
	var a, b simtenant.SignIn
	for _, s := range sim.SignIns() {
		switch {
		case s.RiskState != "atRisk":
		case a.ID == "":
			a = s
		case s.UserID != a.UserID && b.ID == "":
			b = s
		}
	}
	users := map[string]string{a.ID: a.UserID, b.ID: b.UserID}
	sendUsers(c, confirmCompromised, []string{a.ID, b.ID}, graph.DispatchOptions{Users: users})
	sendUsers(c, userAction(t, graph.ActionRevokeSessions), []string{a.UserID}, graph.DispatchOptions{})
	sim.InjectFault(simtenant.Fault{Action: simtenant.ActionConfirmUserCompromised, Status: 400})
	sendUsers(c, userAction(t, graph.ActionConfirmUserCompromised), []string{b.UserID}, graph.DispatchOptions{})
	j.Close()

	again, _, err := journal.OpenSession(path, journal.Where{Tenant: "contoso.onmicrosoft.com"})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	c2 := simtest.Client(t, sim, graph.Options{Recorder: again, UserActions: graph.UserActions(), Memory: graph.NewMemoryFrom(again.Remembered)})
	states := func() map[string]string {
		out := map[string]string{}
		for _, f := range c2.Verdicts().FollowUps(c2.Memory()) {
			for _, s := range f.Steps {
				out[f.User+" "+s.Action.Name] = s.State.String()
			}
		}
		return out
	}
	want := map[string]string{
		a.UserID + " " + graph.ActionRevokeSessions: "done", a.UserID + " " + graph.ActionConfirmUserCompromised: "not done",
		b.UserID + " " + graph.ActionRevokeSessions: "not done", b.UserID + " " + graph.ActionConfirmUserCompromised: "failed",
	}
	if got := states(); !maps.Equal(got, want) {
		t.Fatalf("follow-up states %v, want %v", got, want)
	}
	// Reversing b's compromise (confirm safe, included twice) takes b off.
	sendUsers(c2, confirmSafe, []string{b.ID}, graph.DispatchOptions{Include: 2})
	delete(want, b.UserID+" "+graph.ActionRevokeSessions)
	delete(want, b.UserID+" "+graph.ActionConfirmUserCompromised)
	if got := states(); !maps.Equal(got, want) {
		t.Errorf("after the reversal: %v, want %v", got, want)
	}
}

// TestACompromiseAfterADismissalCounts: a user's risk dismissed, then a
// sign-in of theirs confirmed compromised: dismissing the user again
// reverses that compromise (included twice), confirming the user is no
// reversal, and the user is to follow up; in this session and, from the
// journal, in the next. A failed dismissal does not read as a failed
// confirmation.
func TestACompromiseAfterADismissalCounts(t *testing.T) {
	sim, j, c, path := userSetup(t, simtenant.Options{SignIns: 200})
	var s simtenant.SignIn
	for _, si := range sim.SignIns() {
		if si.RiskState == "atRisk" {
			s = si
			break
		}
	}
	sendUsers(c, userAction(t, graph.ActionDismissUserRisk), []string{s.UserID}, graph.DispatchOptions{})
	sim.Add(simtenant.SignIn{ID: "0c0c0c0c-0000-4000-8000-000000000001", UserID: s.UserID, UserPrincipalName: s.UserPrincipalName,
		RiskState: "atRisk", RiskLevelAggregated: "high", CreatedDateTime: simtest.Now()})
	sendUsers(c, confirmCompromised, []string{"0c0c0c0c-0000-4000-8000-000000000001"},
		graph.DispatchOptions{Users: map[string]string{"0c0c0c0c-0000-4000-8000-000000000001": s.UserID}})
	sim.InjectFault(simtenant.Fault{Action: simtenant.ActionDismissUserRisk, Status: 400})
	sendUsers(c, userAction(t, graph.ActionDismissUserRisk), []string{s.UserID}, graph.DispatchOptions{Include: 2})
	check := func(when string, c *graph.Client) {
		t.Helper()
		for _, tc := range []struct {
			action string
			sentAt int
		}{{graph.ActionDismissUserRisk, 2}, {graph.ActionConfirmUserCompromised, 0}} {
			for include := range 3 {
				p := c.Verdicts().NewPlan(graph.PlanInput{Verdict: userAction(t, tc.action), Include: include,
					Items: []graph.PlanItem{{ID: s.UserID}}, Memory: c.Memory(), Unlisted: graph.PartOpen})
				if got := len(p.Send) == 1; got != (include >= tc.sentAt) {
					t.Errorf("%s: %s at include %d: sent %v", when, tc.action, include, got)
				}
			}
		}
		fs := c.Verdicts().FollowUps(c.Memory())
		if len(fs) != 1 || fs[0].User != s.UserID {
			t.Fatalf("%s: follow-ups %+v", when, fs)
		}
		if step, _ := fs[0].Step(graph.ActionConfirmUserCompromised); step.State != graph.StepNotDone {
			t.Errorf("%s: the confirm step is %v after a failed dismissal", when, step.State)
		}
	}
	check("this session", c)
	j.Close()
	again, _, err := journal.OpenSession(path, journal.Where{Tenant: "contoso.onmicrosoft.com"})
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	check("the next session", simtest.Client(t, sim, graph.Options{Recorder: again, UserActions: graph.UserActions(), Memory: graph.NewMemoryFrom(again.Remembered)}))
}
