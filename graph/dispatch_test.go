package graph_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

func dispatch(c *graph.Client, v graph.Verdict, ids []string) []graph.BatchResult {
	var out []graph.BatchResult
	c.Dispatch(context.Background(), v, ids, func(r graph.BatchResult) { out = append(out, r) })
	return out
}

func TestDispatchBatches(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 100}, 2)
	ids := simtest.AtRisk(sim, 5)
	results := dispatch(c, confirmSafe, ids)
	reqs := sim.ActionRequests()
	if len(reqs) != 3 || len(results) != 3 {
		t.Fatalf("%d requests, %d results; want 3 and 3", len(reqs), len(results))
	}
	var sent []string
	for i, r := range reqs {
		if r.Action != "confirmSafe" || len(r.IDs) != []int{2, 2, 1}[i] {
			t.Errorf("request %d: %s with %d IDs", i, r.Action, len(r.IDs))
		}
		sent = append(sent, r.IDs...)
		if results[i].Outcome != graph.Accepted || results[i].Status != 204 || results[i].RequestID == "" ||
			results[i].Index != i || results[i].Total != 3 {
			t.Errorf("result %d: %+v", i, results[i])
		}
	}
	if !slices.Equal(sent, ids) {
		t.Errorf("sent %v, want %v", sent, ids)
	}
	for _, id := range ids {
		if s, _ := sim.SignIn(id); s.RiskState != "confirmedSafe" {
			t.Errorf("%s is %s", id, s.RiskState)
		}
	}
}

func TestDispatchOtherActions(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 100}, 0)
	ids := simtest.AtRisk(sim, 2)
	for i, a := range []graph.Verdict{confirmCompromised, dismiss} {
		r := dispatch(c, a, ids[i:i+1])
		state := a.State
		if s, _ := sim.SignIn(ids[i]); r[0].Outcome != graph.Accepted || s.RiskState != string(state) {
			t.Errorf("%s: outcome %v, tenant state %s", a, r[0].Outcome, s.RiskState)
		}
	}
}

func TestDispatch503OutlastingRetriesFailsOnlyThatBatch(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 100}, 2)
	ids := simtest.AtRisk(sim, 5)
	sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids[2:4], Status: 503, RetryAfter: "0"})
	results := dispatch(c, confirmSafe, ids)
	if len(results) != 3 {
		t.Fatalf("%d results", len(results))
	}
	bad := results[1]
	if bad.Outcome != graph.Failed || bad.Err == nil || bad.Err.Kind != graph.KindServer || bad.Err.Status != 503 {
		t.Fatalf("batch 2: %+v", bad)
	}
	if results[0].Outcome != graph.Accepted || results[2].Outcome != graph.Accepted {
		t.Errorf("the other batches: %v, %v", results[0].Outcome, results[2].Outcome)
	}
	// 1 + 2 retries for the failing batch, one each for the others.
	if n := len(sim.ActionRequests()); n != 5 {
		t.Errorf("%d requests reached the tenant, want 5", n)
	}
	for _, id := range ids[2:4] {
		if s, _ := sim.SignIn(id); s.RiskState != "atRisk" {
			t.Errorf("%s is %s after a failed batch", id, s.RiskState)
		}
	}
}

func TestDispatchStopsAt403AndNamesThePermission(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 100}, 2)
	ids := simtest.AtRisk(sim, 5)
	sim.InjectFault(simtenant.Fault{Action: "confirmSafe", Status: 403, Code: "Authorization_RequestDenied",
		Message: "Insufficient privileges to complete the operation."})
	results := dispatch(c, confirmSafe, ids)
	if len(results) != 3 || len(sim.ActionRequests()) != 1 {
		t.Fatalf("%d results, %d requests; want 3 results from 1 request", len(results), len(sim.ActionRequests()))
	}
	if results[0].Outcome != graph.Failed || results[0].Err.Kind != graph.KindForbidden {
		t.Fatalf("first batch: %+v", results[0])
	}
	msg := results[0].Err.Error()
	for _, want := range []string{"IdentityRiskyUser.ReadWrite.All", "delegated", "IdentityRiskEvent.ReadWrite.All", "application", "Insufficient privileges"} {
		if !strings.Contains(msg, want) {
			t.Errorf("message %q does not mention %q", msg, want)
		}
	}
	for _, r := range results[1:] {
		if r.Outcome != graph.NotSent || r.Err == nil {
			t.Errorf("batch %d: %v, want NotSent with the reason", r.Index, r.Outcome)
		}
	}
}

func TestErrorsAreClassified(t *testing.T) {
	tests := []struct {
		fault simtenant.Fault
		kind  graph.Kind
		want  string
	}{
		{simtenant.Fault{Status: 401, Code: "InvalidAuthenticationToken"}, graph.KindUnauthorized, "sign in again"},
		{simtenant.Fault{Status: 403, Code: "Authorization_RequestDenied"}, graph.KindForbidden, "AuditLog.Read.All and Directory.Read.All"},
		{simtenant.Fault{Status: 403, Code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant"}, graph.KindNotPremium, "P1 or P2"},
		{simtenant.Fault{Status: 429, RetryAfter: "0"}, graph.KindThrottled, "throttling"},
		{simtenant.Fault{Status: 500}, graph.KindServer, "500"},
		{simtenant.Fault{Status: 200, Body: `{"value": [ {"id": `}, graph.KindBadReply, "could not be read"},
	}
	for _, tt := range tests {
		sim, c := setup(t, simtenant.Options{SignIns: 5}, 0)
		tt.fault.Action = "list"
		sim.InjectFault(tt.fault)
		_, err := c.ListPage(context.Background(), graph.Query{}, "")
		var ge *graph.Error
		if !errors.As(err, &ge) || ge.Kind != tt.kind || !strings.Contains(ge.Error(), tt.want) {
			t.Errorf("fault %d %q: got %v (%#v), want kind %d mentioning %q", tt.fault.Status, tt.fault.Code, err, ge, tt.kind, tt.want)
		}
	}
}

func TestNetworkErrorNamesTheHost(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 5}, 0)
	sim.Close()
	_, err := c.ListPage(context.Background(), graph.Query{}, "")
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Kind != graph.KindNetwork || !strings.Contains(ge.Error(), c.Host()) {
		t.Fatalf("got %v, want a network error naming %s", err, c.Host())
	}
}

func TestDispatchCanceledSendsNothingMore(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 100}, 1)
	ids := simtest.AtRisk(sim, 3)
	ctx, cancel := context.WithCancel(context.Background())
	var results []graph.BatchResult
	c.Dispatch(ctx, confirmSafe, ids, func(r graph.BatchResult) {
		results = append(results, r)
		cancel()
	})
	if len(results) != 3 || results[0].Outcome != graph.Accepted || results[1].Outcome != graph.NotSent || results[2].Outcome != graph.NotSent {
		t.Fatalf("results %+v", results)
	}
	if n := len(sim.ActionRequests()); n != 1 {
		t.Errorf("%d requests after cancel, want 1", n)
	}
}

// TestReadOnlyRefusesAtTheDispatcher calls the dispatcher directly, not
// through the UI: a read-only client sends nothing.
func TestReadOnlyRefusesAtTheDispatcher(t *testing.T) {
	sim, err := simtenant.Start(simtenant.Options{SignIns: 50, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	c, err := graph.New(graph.Options{BaseURL: sim.URL(), BatchSize: 2, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	ids := simtest.AtRisk(sim, 3)
	for _, a := range []graph.Verdict{confirmSafe, confirmCompromised, dismiss} {
		results := dispatch(c, a, ids)
		if len(results) != 2 {
			t.Fatalf("%s: %d results, want every batch reported", a, len(results))
		}
		for _, r := range results {
			if r.Outcome != graph.NotSent || r.Err == nil || r.Err.Kind != graph.KindReadOnly || !strings.Contains(r.Err.Error(), "read-only") {
				t.Errorf("%s batch %d: %+v", a, r.Index, r)
			}
		}
	}
	if n := len(sim.ActionRequests()); n != 0 {
		t.Fatalf("a read-only client sent %d requests", n)
	}
	if _, err := c.ListPage(context.Background(), graph.Query{}, ""); err != nil {
		t.Fatalf("read-only must still list: %v", err)
	}
}

// TestLostReplyIsUnknownNotFailed: Graph applied the batch but the reply
// never came back. The outcome must not read as failed (it may have been
// applied) nor as accepted (nobody knows): it is Unknown.
func TestLostReplyIsUnknownNotFailed(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 100}, 2)
	ids := simtest.AtRisk(sim, 4)
	sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids[:1], LoseReply: true, Times: 1})
	results := dispatch(c, confirmSafe, ids)
	if results[0].Outcome != graph.Unknown || results[0].Err == nil || results[0].Err.Unsent {
		t.Fatalf("batch 1: %+v, want Unknown", results[0])
	}
	if results[1].Outcome != graph.Accepted {
		t.Errorf("batch 2: %v", results[1].Outcome)
	}
	if s, _ := sim.SignIn(ids[0]); s.RiskState != "confirmedSafe" {
		t.Errorf("the tenant did not apply the lost batch: %s", s.RiskState)
	}
}

func TestUnreachableActionIsUnsentAndSaysSo(t *testing.T) {
	sim, _ := setup(t, simtenant.Options{SignIns: 20}, 0)
	ids := simtest.AtRisk(sim, 1)
	sim.Close()
	// A client of its own, made after the close: one that had talked to
	// the tenant may hold a kept-alive connection, whose write then fails
	// with a reset (the request may have left) rather than a refusal.
	c, err := graph.New(graph.Options{BaseURL: sim.URL()})
	if err != nil {
		t.Fatal(err)
	}
	r := dispatch(c, confirmSafe, ids)[0]
	if r.Outcome != graph.Failed || !r.Err.Unsent || !strings.Contains(r.Err.Error(), "nothing was sent") {
		t.Fatalf("%+v: %v", r, r.Err)
	}
}

// TestDryRunSendsNothing calls the dispatcher directly: a dry-run client
// reports every batch it would send, and the tenant receives nothing.
func TestDryRunSendsNothing(t *testing.T) {
	sim, err := simtenant.Start(simtenant.Options{SignIns: 50, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	c, err := graph.New(graph.Options{BaseURL: sim.URL(), BatchSize: 2, DryRun: true})
	if err != nil {
		t.Fatal(err)
	}
	ids := simtest.AtRisk(sim, 3)
	results := dispatch(c, confirmCompromised, ids)
	if len(results) != 2 || results[0].Outcome != graph.DryRun || len(results[0].IDs) != 2 || results[1].Outcome != graph.DryRun {
		t.Fatalf("results %+v", results)
	}
	if n := len(sim.ActionRequests()); n != 0 {
		t.Fatalf("a dry run sent %d requests", n)
	}
}

// TestSplitOn400FindsTheBadIDs: a batch of 60 with 2 unknown IDs ends with
// the 58 good ones confirmed and the 2 failed with Graph's message, in a
// bounded number of requests.
func TestSplitOn400FindsTheBadIDs(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 300}, 60)
	ids := simtest.AtRisk(sim, 58)
	bad := []string{"00000000-0000-4000-8000-00000000dead", "00000000-0000-4000-8000-00000000beef"}
	ids = append(ids[:20], append([]string{bad[0]}, append(ids[20:40], append([]string{bad[1]}, ids[40:]...)...)...)...)
	if len(ids) != 60 {
		t.Fatalf("%d ids", len(ids))
	}
	results := dispatch(c, confirmSafe, ids)
	confirmed, failed := map[string]bool{}, map[string]string{}
	for _, r := range results {
		for _, id := range r.IDs {
			if confirmed[id] || failed[id] != "" {
				t.Fatalf("%s reported twice", id)
			}
			switch r.Outcome {
			case graph.Accepted:
				confirmed[id] = true
			case graph.Failed:
				failed[id] = r.Err.Error()
			default:
				t.Fatalf("%s ended %v", id, r.Outcome)
			}
		}
	}
	if len(confirmed) != 58 || len(failed) != 2 {
		t.Fatalf("%d confirmed, %d failed; want 58 and 2", len(confirmed), len(failed))
	}
	for _, id := range bad {
		if !strings.Contains(failed[id], "These requestIds do not exist in your tenant or they are not risky") {
			t.Errorf("%s failed with %q", id, failed[id])
		}
	}
	if n, most := len(sim.ActionRequests()), 1+2*2*6; n > most {
		t.Errorf("%d requests, want at most %d", n, most)
	} else {
		t.Logf("%d requests for 60 IDs with 2 bad ones", n)
	}
	for _, id := range ids {
		if s, ok := sim.SignIn(id); ok && !confirmedState(s) {
			t.Errorf("%s is %s in the tenant", id, s.RiskState)
		}
	}
}

func confirmedState(s simtenant.SignIn) bool { return s.RiskState == "confirmedSafe" }

// TestDispatchRefusesAVerdictOutsideItsTable: a client sends only the
// verdicts it was given; any other is reported not sent, and nothing goes
// out.
func TestDispatchRefusesAVerdictOutsideItsTable(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 40}, 2)
	ids := simtest.AtRisk(sim, 3)
	moved := confirmSafe
	moved.Path = "/auditLogs/signIns/elsewhere"
	for _, v := range []graph.Verdict{{Name: "markReviewed", Path: "/auditLogs/signIns/markReviewed"}, moved} {
		results := dispatch(c, v, ids)
		if len(results) != 2 {
			t.Fatalf("%s: %d results, want both batches reported", v, len(results))
		}
		for _, r := range results {
			if r.Outcome != graph.NotSent || r.Err == nil || !strings.Contains(r.Err.Error(), "not a verdict of this session") {
				t.Errorf("%s: %+v", v, r)
			}
		}
	}
	if n := len(sim.ActionRequests()); n != 0 {
		t.Errorf("%d requests went out", n)
	}
}

// TestDispatcherGuard: the client leaves out sign-ins its memory says
// already received a verdict, reporting them in one NotSent result that
// sends nothing, unless the dispatch includes them; and it remembers every
// verdict Graph accepts.
func TestDispatcherGuard(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 60})
	ids := simtest.AtRisk(sim, 3)
	mem := graph.NewMemory(map[string]string{ids[0]: "confirmCompromised"})
	c := simtest.Client(t, sim, graph.Options{Memory: mem})
	var results []graph.BatchResult
	c.DispatchWith(context.Background(), confirmSafe, ids, graph.DispatchOptions{}, func(r graph.BatchResult) { results = append(results, r) })
	if len(results) != 2 || results[0].Err == nil || results[0].Err.Kind != graph.KindGuard || !slices.Equal(results[0].IDs, ids[:1]) {
		t.Fatalf("results %+v: want the remembered one left out first", results)
	}
	reqs := sim.ActionRequests()
	if len(reqs) != 1 || !slices.Equal(reqs[0].IDs, ids[1:]) {
		t.Fatalf("the tenant received %+v, want the other two", reqs)
	}
	if mem.Verdict(ids[1]) != "confirmSafe" {
		t.Error("the memory did not learn the accepted verdict")
	}
	// The same ID in upper case is the same sign-in; including once does
	// not reverse a verdict, including twice does.
	upper := strings.ToUpper(ids[0])
	c.DispatchWith(context.Background(), confirmSafe, []string{upper}, graph.DispatchOptions{Include: 1}, func(graph.BatchResult) {})
	if reqs := sim.ActionRequests(); len(reqs) != 1 {
		t.Fatalf("an upper-case ID of a sign-in confirmed compromised was sent with Include 1: %+v", reqs)
	}
	c.DispatchWith(context.Background(), confirmSafe, ids[:1], graph.DispatchOptions{Include: 2}, func(graph.BatchResult) {})
	if reqs := sim.ActionRequests(); len(reqs) != 2 || !slices.Equal(reqs[1].IDs, ids[:1]) {
		t.Fatalf("with Include 2 the tenant received %+v", reqs)
	}
}

// TestNeverFlaggedGoInBatchesOfTheirOwn: Separate IDs are sent after the
// others, in batches of their own, and a 400 that calls them not risky
// fails their batch whole, without splitting it.
func TestNeverFlaggedGoInBatchesOfTheirOwn(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 60, RefuseNeverFlagged: true})
	var never []string
	for _, s := range sim.SignIns() {
		if s.RiskState == "none" && len(never) < 3 {
			never = append(never, s.ID)
		}
	}
	if len(never) < 2 {
		t.Skip("the tenant has too few never-flagged sign-ins")
	}
	open := simtest.AtRisk(sim, 3)
	c := simtest.Client(t, sim, graph.Options{BatchSize: 5})
	var results []graph.BatchResult
	c.DispatchWith(context.Background(), confirmSafe, open, graph.DispatchOptions{Separate: never},
		func(r graph.BatchResult) { results = append(results, r) })
	reqs := sim.ActionRequests()
	if len(reqs) != 2 || !slices.Equal(reqs[0].IDs, open) || !slices.Equal(reqs[1].IDs, never) {
		t.Fatalf("the tenant received %+v: want the open ones, then the never flagged in a batch of their own", reqs)
	}
	last := results[len(results)-1]
	if len(results) != 2 || results[0].Outcome != graph.Accepted || last.Outcome != graph.Failed || len(last.IDs) != len(never) ||
		!strings.Contains(last.Err.Error(), "not risky") {
		t.Fatalf("results %+v", results)
	}
}

// TestAnOverlongIDIsNotSentNorRecorded: the dispatcher holds the bound on
// IDs whatever it is handed (graph.CheckID): an ID longer than any Graph
// issues is reported not sent, with the reason, is never recorded, and
// the others go out.
func TestAnOverlongIDIsNotSentNorRecorded(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 30})
	rec := &idRecorder{}
	c := simtest.Client(t, sim, graph.Options{Recorder: rec})
	open := simtest.AtRisk(sim, 2)
	long := open[0] + strings.Repeat("0", 600_000)
	var results []graph.BatchResult
	c.DispatchWith(context.Background(), confirmSafe, []string{open[0], long}, graph.DispatchOptions{Separate: []string{long, open[1]}},
		func(r graph.BatchResult) { results = append(results, r) })
	for _, r := range sim.ActionRequests() {
		for _, id := range r.IDs {
			if len(id) > graph.MaxIDLength {
				t.Fatalf("a request carried an ID of %d characters", len(id))
			}
		}
	}
	if n := len(sim.ActionRequests()); n != 2 {
		t.Errorf("%d requests went out, want the 2 for the GUIDs", n)
	}
	if rec.longest > graph.MaxIDLength {
		t.Errorf("the journal was handed an ID of %d characters", rec.longest)
	}
	if len(results) == 0 || results[0].Outcome != graph.NotSent || len(results[0].IDs) != 2 ||
		!strings.Contains(results[0].Err.Error(), "cannot be selected or sent") {
		t.Fatalf("the first result is %+v, want the 2 long IDs not sent, with the reason", results[0])
	}
}

// idRecorder records the longest ID it is handed.
type idRecorder struct{ longest int }

func (r *idRecorder) Intent(_ graph.Verdict, ids, _ []string, _ string) (string, error) {
	for _, id := range ids {
		r.longest = max(r.longest, len(id))
	}
	return "r1", nil
}

func (r *idRecorder) Outcome(string, graph.BatchResult) error { return nil }
