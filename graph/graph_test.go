package graph_test

import (
	"context"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

var testNow = simtest.Now()

// The standard verdicts, as the client is given them.
var (
	confirmSafe        = simtest.Verdict("confirmSafe")
	confirmCompromised = simtest.Verdict("confirmCompromised")
	dismiss            = simtest.Verdict("dismiss")
)

func setup(t *testing.T, opts simtenant.Options, batch int) (*simtenant.Server, *graph.Client) {
	t.Helper()
	sim := simtest.Tenant(t, opts)
	return sim, simtest.Client(t, sim, graph.Options{BatchSize: batch, Retry: graph.RetryPolicy{MaxRetries: 2, DelaySeconds: 1}})
}

func listAll(t *testing.T, c *graph.Client, q graph.Query) ([]graph.SignIn, int) {
	t.Helper()
	return simtest.ListAll(t, c, q)
}

func TestListPagesThroughTheSDK(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 1200}, 0)
	q := graph.Query{PageSize: 500}
	got, pages := listAll(t, c, q)
	want := sim.SignIns()
	if pages != 3 || len(got) != len(want) {
		t.Fatalf("got %d sign-ins in %d pages, want %d in 3", len(got), pages, len(want))
	}
	for i := range want {
		if got[i].ID != want[i].ID || !got[i].Created.Equal(want[i].CreatedDateTime) {
			t.Fatalf("sign-in %d: %s at %v, want %s at %v", i, got[i].ID, got[i].Created, want[i].ID, want[i].CreatedDateTime)
		}
	}
}

func TestDefaultQueryReachesTheService(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 300}, 0)
	q := graph.DefaultQuery(testNow)
	got, _ := listAll(t, c, q)
	if len(got) == 0 {
		t.Fatal("no sign-ins at risk")
	}
	for _, s := range got {
		if s.RiskState != graph.RiskStateAtRisk {
			t.Fatalf("%s is %s; the default query keeps atRisk only", s.ID, s.RiskState)
		}
	}
	r := sim.Requests()[0]
	wantFilter := "createdDateTime ge 2026-10-28T12:00:00Z and riskState eq 'atRisk'"
	if r.Filter != wantFilter || r.Top != "1000" {
		t.Errorf("sent $filter=%q $top=%q, want %q and 1000, the documented maximum", r.Filter, r.Top, wantFilter)
	}
}

// TestATenantRefusingTop1000IsAskedAt999: Graph documents 1,000 as the
// page size's maximum; a tenant that answers it with a 400 is asked once
// more at 999, and every later listing keeps to 999, with no second 400.
func TestATenantRefusingTop1000IsAskedAt999(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 300, RefuseTop1000: true}, 0)
	first, _ := listAll(t, c, graph.DefaultQuery(testNow))
	again, _ := listAll(t, c, graph.DefaultQuery(testNow))
	if len(first) == 0 || len(again) != len(first) {
		t.Fatalf("listed %d, then %d sign-ins", len(first), len(again))
	}
	var tops []string
	for _, r := range sim.Requests() {
		tops = append(tops, r.Top+"/"+strconv.Itoa(r.Status))
	}
	if want := []string{"1000/400", "999/200", "999/200"}; !slices.Equal(tops, want) {
		t.Errorf("requests ($top/status) %v, want %v", tops, want)
	}
}

// TestUPNPrefixIsALiteral sends the characters that break naive URL or OData
// building and checks the service received them as one string literal.
func TestUPNPrefixIsALiteral(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 20}, 0)
	prefix := "o'neil#&%+ü\\"
	if _, err := c.ListPage(context.Background(), graph.Query{UPNPrefix: prefix}, ""); err != nil {
		t.Fatal(err)
	}
	if got, want := sim.Requests()[0].Filter, "startswith(userPrincipalName,'o''neil#&%+ü\\')"; got != want {
		t.Errorf("service received $filter=%q, want %q", got, want)
	}
}

func TestMappingSanitizesAndKeepsFields(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 1}, 0)
	reason := "bad\x1b[2Jpassword"
	hostile := simtenant.SignIn{
		ID: "11111111-1111-4111-8111-111111111111", CreatedDateTime: testNow.Add(-time.Minute),
		UserDisplayName:   "Mallory\x1b]0;title\x07 \x1b[2J\u202Eevil",
		UserPrincipalName: "mallory@contoso.com", UserID: "u1", AppDisplayName: "App\r\nInjected",
		IPAddress: "203.0.113.9", ClientAppUsed: "Browser", ConditionalAccessStatus: "failure",
		RiskDetail: "none", RiskLevelAggregated: "high", RiskLevelDuringSignIn: "medium", RiskState: "atRisk",
		RiskEventTypesV2: []string{"unlikelyTravel", "x\x1b[31m"},
		Status:           simtenant.Status{ErrorCode: 50126, FailureReason: &reason},
		DeviceDetail:     simtenant.DeviceDetail{OperatingSystem: "Windows 11", Browser: "Edge 1"},
		Location:         simtenant.Location{City: "Chisinau", CountryOrRegion: "MD"},
		IsInteractive:    true,
	}
	sim.Add(hostile)
	got, _ := listAll(t, c, graph.Query{})
	var s graph.SignIn
	for _, g := range got {
		if g.ID == hostile.ID {
			s = g
		}
	}
	want := graph.SignIn{
		ID: hostile.ID, Created: hostile.CreatedDateTime, UserDisplayName: "Mallory evil",
		UPN: "mallory@contoso.com", UserID: "u1", App: "App Injected", IP: "203.0.113.9", ClientApp: "Browser",
		ConditionalAccess: "failure", RiskDetail: "none", RiskLevel: graph.RiskLevelHigh, RiskDuring: graph.RiskLevelMedium,
		RiskState: graph.RiskStateAtRisk, RiskEventTypes: []string{"unlikelyTravel", "x"}, ErrorCode: 50126,
		FailureReason: "badpassword", Interactive: graph.Yes, HasStatus: true,
		Place:      &graph.Place{City: "Chisinau", Country: "MD"},
		DeviceInfo: &graph.DeviceInfo{OS: "Windows 11", Browser: "Edge 1"},
	}
	if s.UserDisplayName != want.UserDisplayName || s.App != want.App || s.FailureReason != want.FailureReason ||
		!slices.Equal(s.RiskEventTypes, want.RiskEventTypes) || s.RiskLevel != want.RiskLevel || s.RiskDuring != want.RiskDuring ||
		s.ErrorCode != want.ErrorCode || s.Location() != "Chisinau, MD" || !s.Created.Equal(want.Created) || s.OS != want.OS {
		t.Errorf("mapped\n%+v\nwant\n%+v", s, want)
	}
}

// TestLoadedSignInsStayUnderOneKilobyte holds the design's memory budget:
// a loaded sign-in, mapped from the SDK's model, costs well under 1 KB.
func TestLoadedSignInsStayUnderOneKilobyte(t *testing.T) {
	if testing.Short() {
		t.Skip("lists 10,000 sign-ins")
	}
	const n = 10000
	_, c := setup(t, simtenant.Options{SignIns: n}, 0)
	// Twice: sync.Pool keeps a victim cache through one collection.
	runtime.GC()
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	all, _ := listAll(t, c, graph.Query{PageSize: 999})
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	if len(all) != n {
		t.Fatalf("listed %d", len(all))
	}
	perSignIn := float64(after.HeapAlloc-before.HeapAlloc) / n
	t.Logf("%.0f bytes per loaded sign-in", perSignIn)
	if perSignIn > 800 {
		t.Errorf("%.0f bytes per loaded sign-in, want well under 1 KB (800)", perSignIn)
	}
	runtime.KeepAlive(all)
}

// TestBetaListsNonInteractive: the v1.0 SDK reads the beta endpoint's
// replies, and the non-interactive filter reaches the service.
func TestBetaListsNonInteractive(t *testing.T) {
	sim, err := simtenant.Start(simtenant.Options{SignIns: 60, NonInteractive: 30, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	beta, err := graph.New(graph.Options{BaseURL: sim.URLFor("beta")})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := listAll(t, beta, graph.Query{IncludeNonInteractive: true})
	nonInteractive := 0
	for _, s := range all {
		if s.Interactive == graph.No {
			nonInteractive++
		}
	}
	if len(all) != 90 || nonInteractive != 30 {
		t.Fatalf("beta listed %d sign-ins, %d non-interactive; want 90 and 30", len(all), nonInteractive)
	}
	v1, _ := graph.New(graph.Options{BaseURL: sim.URL()})
	if _, err := v1.ListPage(context.Background(), graph.Query{IncludeNonInteractive: true}, ""); err == nil || !strings.Contains(err.Error(), "--api beta") {
		t.Fatalf("v1.0 with non-interactive: %v", err)
	}
}

// TestUnknownEnumMembersShowAsSent: Graph adds enum members over time. A
// member the SDK does not know shows as Graph sent it, and the rest of the
// page is read as usual.
func TestUnknownEnumMembersShowAsSent(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 20}, 0)
	sim.Add(simtenant.SignIn{ID: "enum-new", CreatedDateTime: testNow.Add(-time.Minute), IsInteractive: true,
		RiskState: "underReview", RiskDetail: "aiDetectedAgentAnomaly", RiskLevelAggregated: "severe",
		RiskLevelDuringSignIn: "high", ConditionalAccessStatus: "reportOnlyFailure\x1b[2J",
		AppliedCAPolicies: []simtenant.AppliedCAPol{{DisplayName: "Block legacy", Result: "reportOnlyInterrupted"}}})
	all, _ := listAll(t, c, graph.Query{})
	if len(all) != 21 {
		t.Fatalf("listed %d of 21: an unknown member lost part of the page", len(all))
	}
	for _, s := range all {
		if s.ID != "enum-new" {
			continue
		}
		if s.RiskState != "underReview" || s.RiskDetail != "aiDetectedAgentAnomaly" || s.RiskLevel != "severe" ||
			s.RiskDuring != graph.RiskLevelHigh || s.ConditionalAccess != "reportOnlyFailure" ||
			len(s.Policies) != 1 || s.Policies[0].Result != "reportOnlyInterrupted" {
			t.Fatalf("mapped %+v, policies %+v", s, s.Policies)
		}
		return
	}
	t.Fatal("the sign-in with new enum members is missing")
}

// TestResultFilterFallsBackWhenGraphRefusesNe: --result success reaches
// Graph as status/errorCode eq 0; not-success as ne 0, and when Graph
// refuses ne (only eq is documented) the client leaves the term out,
// drops the successes itself on every page, and says so.
func TestResultFilterFallsBackWhenGraphRefusesNe(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		sim := simtest.Tenant(t, simtenant.Options{SignIns: 400, RefuseErrorCodeNe: refuse})
		c := simtest.Client(t, sim, graph.Options{})
		all, _ := listAll(t, c, graph.Query{PageSize: 50})
		notSuccess := 0
		for i := range all {
			if all[i].Result() != graph.ResultSuccess {
				notSuccess++
			}
		}
		got, pages := listAll(t, c, graph.Query{PageSize: 50, Result: graph.ResultNotSuccess})
		if len(got) != notSuccess || pages < 2 {
			t.Fatalf("refuse %v: %d sign-ins in %d pages, want the %d that did not succeed", refuse, len(got), pages, notSuccess)
		}
		for i := range got {
			if got[i].Result() == graph.ResultSuccess {
				t.Fatalf("refuse %v: a success came back", refuse)
			}
		}
		reqs := sim.Requests()
		last := reqs[len(reqs)-1]
		if strings.Contains(last.Filter, "status/errorCode ne 0") == refuse {
			t.Errorf("refuse %v: the last page asked for %q", refuse, last.Filter)
		}
		p, err := c.ListPage(context.Background(), graph.Query{PageSize: 50, Result: graph.ResultNotSuccess}, "")
		if err != nil || (p.Note != "") != refuse {
			t.Errorf("refuse %v: note %q, err %v", refuse, p.Note, err)
		}
		success, _ := listAll(t, c, graph.Query{PageSize: 999, Result: graph.ResultOnlySuccess})
		if len(success)+notSuccess != len(all) || !strings.Contains(sim.Requests()[len(sim.Requests())-1].Filter, "status/errorCode eq 0") {
			t.Errorf("refuse %v: %d successes of %d", refuse, len(success), len(all))
		}
	}
}
