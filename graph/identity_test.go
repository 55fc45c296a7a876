package graph_test

import (
	"context"
	"errors"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// flaggedWith is a loaded sign-in with at least n risk event types.
func flaggedWith(t *testing.T, c *graph.Client, n int) graph.SignIn {
	t.Helper()
	all, _ := listAll(t, c, graph.Query{})
	for _, s := range all {
		if len(s.RiskEventTypes) >= n && s.UserID != "" {
			return s
		}
	}
	t.Fatalf("no sign-in with %d risk events", n)
	return graph.SignIn{}
}

func eventTypes(ds []graph.Detection) []string {
	var out []string
	for _, d := range ds {
		out = append(out, d.EventType)
	}
	slices.Sort(out)
	return out
}

func TestRiskDetectionsOfASignIn(t *testing.T) {
	for _, refuse := range []bool{false, true} {
		sim, c := setup(t, simtenant.Options{SignIns: 200, RefuseRequestIDFilter: refuse}, 0)
		s := flaggedWith(t, c, 2)
		want := slices.Sorted(slices.Values(s.RiskEventTypes))
		for range 2 {
			got, err := c.RiskDetections(context.Background(), s)
			if err != nil {
				t.Fatalf("refuse=%v: %v", refuse, err)
			}
			if !slices.Equal(eventTypes(got.List), want) {
				t.Errorf("refuse=%v: detections %v, want the sign-in's events %v", refuse, eventTypes(got.List), want)
			}
			for _, d := range got.List {
				if d.RequestID != s.ID || d.Timing == "" || d.Source == "" || d.Activity != "signin" || d.DetectedTime.IsZero() {
					t.Errorf("refuse=%v: detection %+v lacks what the details show", refuse, d)
				}
			}
			if refuse != (got.Note != "") {
				t.Errorf("refuse=%v: note %q", refuse, got.Note)
			}
		}
		var filters []string
		for _, r := range sim.Requests() {
			if r.Action == "riskDetections" {
				filters = append(filters, r.Filter)
			}
		}
		// Refused once, then straight to matching here: three requests.
		wantReqs := map[bool]int{false: 2, true: 3}[refuse]
		if len(filters) != wantReqs || !strings.HasPrefix(filters[0], "requestId eq '"+s.ID+"'") {
			t.Errorf("refuse=%v: detection requests %q", refuse, filters)
		}
		if refuse && !strings.HasPrefix(filters[1], "userId eq '"+s.UserID+"' and activityDateTime ge ") {
			t.Errorf("fallback filter %q", filters[1])
		}
	}
}

func TestRiskyUser(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 200}, 0)
	var flagged, never string
	users := map[string]bool{}
	for _, s := range sim.SignIns() {
		if s.RiskState != "none" {
			users[s.UserID] = true
		}
	}
	for _, s := range sim.SignIns() {
		switch {
		case users[s.UserID] && flagged == "":
			flagged = s.UserID
		case !users[s.UserID] && never == "":
			never = s.UserID
		}
	}
	r, err := c.RiskyUser(context.Background(), flagged)
	if err != nil || r.Never || r.State == "" || r.Level == "" || r.UPN == "" || r.Updated.IsZero() {
		t.Errorf("flagged user: %+v, %v", r, err)
	}
	if never == "" {
		t.Skip("every user of this tenant was flagged")
	}
	r, err = c.RiskyUser(context.Background(), never)
	if err != nil || !r.Never {
		t.Errorf("a 404 is an answer, never risky: %+v, %v", r, err)
	}
}

// TestRiskReadsDeniedNameThePermission: a token without the read
// permissions gets a 403 that says which to ask for.
func TestRiskReadsDeniedNameThePermission(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 100, MissingPermissions: []string{simtenant.PermRiskEventRead, simtenant.PermRiskyUserRead}}, 0)
	s := flaggedWith(t, c, 1)
	_, err := c.RiskDetections(context.Background(), s)
	var e *graph.Error
	if !errors.As(err, &e) || e.Kind != graph.KindForbidden || !strings.Contains(err.Error(), "IdentityRiskEvent.Read.All") {
		t.Errorf("detections: %v", err)
	}
	_, err = c.RiskyUser(context.Background(), s.UserID)
	if !errors.As(err, &e) || e.Kind != graph.KindForbidden || !strings.Contains(err.Error(), "IdentityRiskyUser.Read.All") {
		t.Errorf("risky user: %v", err)
	}
	_ = sim
}

// TestChinaOffersNoRiskReads: where the cloud has no Identity Protection
// reads, the client says so and sends nothing.
func TestChinaOffersNoRiskReads(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 20})
	c := simtest.Client(t, sim, graph.Options{NoRiskReads: "China (21Vianet) does not offer Identity Protection's risk detections and risky users"})
	s := sim.SignIns()[0]
	_, err := c.RiskDetections(context.Background(), graph.SignIn{ID: s.ID, UserID: s.UserID})
	_, err2 := c.RiskyUser(context.Background(), s.UserID)
	for _, err := range []error{err, err2} {
		var e *graph.Error
		if !errors.As(err, &e) || e.Kind != graph.KindNotOffered || !strings.Contains(err.Error(), "China") {
			t.Errorf("got %v", err)
		}
	}
	if n := len(sim.Requests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestOnePacerForVerdictsAndReads: the verdicts and the detail reads of
// one tenant share Identity Protection's one request a second: however
// they interleave, no two reach the tenant less than a second apart (on an
// injected clock, so the test takes no real time).
func TestOnePacerForVerdictsAndReads(t *testing.T) {
	clock := simtest.NewStepClock(testNow)
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 200, Clock: clock.Now})
	c := simtest.Client(t, sim, graph.Options{BatchSize: 2, Pace: time.Second, Clock: clock})
	all, _ := listAll(t, c, graph.Query{})
	ids := simtest.AtRisk(sim, 12)
	var wg sync.WaitGroup
	wg.Go(func() { dispatch(c, confirmSafe, ids) })
	for _, s := range all[:6] {
		wg.Go(func() {
			c.RiskDetections(context.Background(), s)
			c.RiskyUser(context.Background(), s.UserID)
		})
	}
	wg.Wait()
	var paced []simtenant.Request
	for _, r := range sim.Requests() {
		if r.Action != "list" {
			paced = append(paced, r)
		}
	}
	if len(paced) != 6+12 {
		t.Fatalf("%d Identity Protection requests, want 18", len(paced))
	}
	for i := 1; i < len(paced); i++ {
		if gap := paced[i].At.Sub(paced[i-1].At); gap < time.Second {
			t.Errorf("%s then %s only %v apart", paced[i-1].Action, paced[i].Action, gap)
		}
	}
}

// TestBetaAuthDetailsReachTheSignIn: beta's authentication requirement,
// steps and user agent reach the v1.0 model as additional data and are
// read from there; v1.0 has none.
func TestBetaAuthDetailsReachTheSignIn(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 120})
	beta, err := graph.New(graph.Options{BaseURL: sim.URLFor("beta")})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := listAll(t, beta, graph.Query{})
	seen := 0
	for _, s := range all {
		a := s.Auth
		if a == nil || len(a.Steps) == 0 || a.Steps[0].Method != "Password" || a.Steps[0].Time.IsZero() {
			t.Fatalf("beta sign-in %s: auth %+v", s.ID, a)
		}
		switch s.ErrorCode {
		case 50126:
			seen++
			if a.Requirement != "singleFactorAuthentication" || a.Steps[0].Succeeded != graph.No {
				t.Errorf("a wrong password reads %+v", a)
			}
		case 50074:
			seen++
			if a.Requirement != "multiFactorAuthentication" || a.Steps[0].Succeeded != graph.Yes || len(a.Steps) != 2 || a.Steps[1].Succeeded != graph.No {
				t.Errorf("a password stopped by MFA reads %+v", a)
			}
		}
	}
	if seen == 0 {
		t.Fatal("no failed sign-in listed")
	}
	_, v1 := setup(t, simtenant.Options{SignIns: 20}, 0)
	for _, s := range func() []graph.SignIn { l, _ := listAll(t, v1, graph.Query{}); return l }() {
		if s.Auth != nil {
			t.Fatalf("a v1.0 sign-in has beta's auth details: %+v", s.Auth)
		}
	}
}

// TestRiskReadsReadGraphsAnswersNarrowly: only a 404 that says "not found"
// reads as no risky-user record (a 404 from a wrong root is an error);
// only a 400 about the filter switches detections to matching here; a
// sign-in with no user cannot fall back.
func TestRiskReadsReadGraphsAnswersNarrowly(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 60}, 0)
	s := flaggedWith(t, c, 1)
	sim.InjectFault(simtenant.Fault{Action: "riskyUser", Status: 404, Code: "BadRequest", Message: "Resource not found for the segment 'riskyUserz'.", Times: 1})
	if r, err := c.RiskyUser(context.Background(), s.UserID); err == nil || r.Never {
		t.Errorf("a routing 404 reads %+v, %v", r, err)
	}
	sim.InjectFault(simtenant.Fault{Action: "riskDetections", Status: 400, Code: "BadRequest", Message: "Tenant is not licensed.", Times: 1})
	if _, err := c.RiskDetections(context.Background(), s); err == nil {
		t.Error("an unrelated 400 was not reported")
	}
	if _, err := c.RiskDetections(context.Background(), s); err != nil {
		t.Errorf("after an unrelated 400 the requestId filter is still used: %v", err)
	}
	if last := sim.Requests()[len(sim.Requests())-1]; !strings.HasPrefix(last.Filter, "requestId eq") {
		t.Errorf("the client switched to matching here after an unrelated 400: %q", last.Filter)
	}

	refusing := simtest.Tenant(t, simtenant.Options{SignIns: 60, RefuseRequestIDFilter: true})
	rc := simtest.Client(t, refusing, graph.Options{})
	noUser := s
	noUser.UserID = ""
	n := len(refusing.Requests())
	if _, err := rc.RiskDetections(context.Background(), noUser); err == nil || !strings.Contains(err.Error(), "names no user") {
		t.Errorf("a sign-in with no user: %v", err)
	}
	if got := len(refusing.Requests()) - n; got != 1 {
		t.Errorf("%d requests for a sign-in with no user, want only the refused one", got)
	}
}

// newest is the simulated tenant's newest sign-in, which its
// ManyDetections belong to, as the client lists it.
func newest(sim *simtenant.Server) graph.SignIn {
	s := sim.SignIns()[0]
	return graph.SignIn{ID: s.ID, UserID: s.UserID, Created: s.CreatedDateTime}
}

// detectionReads are the detection requests the tenant received.
func detectionReads(sim *simtenant.Server) []simtenant.Request {
	var out []simtenant.Request
	for _, r := range sim.Requests() {
		if r.Action == "riskDetections" {
			out = append(out, r)
		}
	}
	return out
}

// TestRiskDetectionsStopAtTheCap: a sign-in's detections are read a page
// at a time, $top=MaxDetections, up to MaxDetections, and no page is
// asked for once they are read: from a server that sends 60,000 in one
// reply whatever $top asks, from one that pages as Graph does, and from
// one that sends short pages. What was not read is said (More).
func TestRiskDetectionsStopAtTheCap(t *testing.T) {
	for _, tc := range []struct {
		name     string
		opts     simtenant.Options
		requests int
		kept     int
	}{
		{"one reply of 60,000", simtenant.Options{ManyDetections: 60_000}, 1, graph.MaxDetections},
		{"pages of 500", simtenant.Options{ManyDetections: 130, DetectionPage: 500}, 1, graph.MaxDetections},
		{"short pages of 20", simtenant.Options{ManyDetections: 130, DetectionPage: 20}, 3, graph.MaxDetections},
		{"short pages of 7: three pages at most", simtenant.Options{ManyDetections: 130, DetectionPage: 7}, 3, 21},
		{"refused requestId, one reply of 60,000", simtenant.Options{ManyDetections: 60_000, RefuseRequestIDFilter: true}, 2, graph.MaxDetections},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tc.opts.SignIns = 20
			sim, c := setup(t, tc.opts, 0)
			s := newest(sim)
			got, err := c.RiskDetections(context.Background(), s)
			if err != nil {
				t.Fatal(err)
			}
			if len(got.List) != tc.kept || !got.More || got.Unshown != 0 {
				t.Errorf("kept %d, more %v, unshown %d; want %d, more, no count (Graph gave none)", len(got.List), got.More, got.Unshown, tc.kept)
			}
			seen := map[string]bool{}
			for _, d := range got.List {
				if d.RequestID != s.ID || seen[d.ID] {
					t.Errorf("detection %s of %s kept twice or not the sign-in's", d.ID, d.RequestID)
				}
				seen[d.ID] = true
			}
			reads := detectionReads(sim)
			if len(reads) != tc.requests {
				t.Errorf("%d detection requests, want %d", len(reads), tc.requests)
			}
			if q, _ := url.ParseQuery(reads[0].RawQuery); q.Get("$top") != strconv.Itoa(graph.MaxDetections) {
				t.Errorf("the first request asked %q, want $top=%d", reads[0].RawQuery, graph.MaxDetections)
			}
		})
	}
}

// TestRiskDetectionsUnderTheCapFollowPages: fewer detections than the cap,
// on pages shorter than asked, are all read, following nextLink, and
// nothing is said to be missing.
func TestRiskDetectionsUnderTheCapFollowPages(t *testing.T) {
	probe := simtest.Tenant(t, simtenant.Options{SignIns: 20})
	want := len(probe.SignIns()[0].RiskEventTypesV2) + 9
	sim, c := setup(t, simtenant.Options{SignIns: 20, ManyDetections: 9, DetectionPage: (want + 1) / 2}, 0)
	got, err := c.RiskDetections(context.Background(), newest(sim))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.List) != want || got.More || got.Unshown != 0 {
		t.Errorf("kept %d, more %v, unshown %d; want all %d and nothing more", len(got.List), got.More, got.Unshown, want)
	}
	if n := len(detectionReads(sim)); n != 2 {
		t.Errorf("%d detection requests, want 2 (a page, then its nextLink)", n)
	}
}

// TestRiskDetectionsMatchedHereSayACutPage: when detections are matched
// here (requestId refused), a page of the user's longer than asked is
// cut, and the details are told some may be missing, not that there are
// none.
func TestRiskDetectionsMatchedHereSayACutPage(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 20, ManyDetections: 60_000, RefuseRequestIDFilter: true}, 0)
	other := newest(sim)
	other.ID = "00000000-0000-0000-0000-00000000000a" // the same user and time; none of the 60,000 is its
	got, err := c.RiskDetections(context.Background(), other)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.List) != 0 || !strings.Contains(got.Note, "some may be missing") {
		t.Errorf("kept %d, note %q; want none and a note that some may be missing", len(got.List), got.Note)
	}
	if n := len(detectionReads(sim)); n != 2 {
		t.Errorf("%d detection requests, want 2 (refused, then the user's page, cut)", n)
	}
}

// TestDetectionsBelongToTheSignInExactly: two sign-ins of one user whose
// IDs differ only by a zero-width space. Matched among the user's
// detections (Graph refused the requestId filter) or asked for by
// requestId, each sign-in's details get its own detections only: a spray
// on zw<ZWSP>sp-A never shows under zwsp-A.
func TestDetectionsBelongToTheSignInExactly(t *testing.T) {
	for _, refuse := range []bool{true, false} {
		sim, c := setup(t, simtenant.Options{SignIns: 10, RefuseRequestIDFilter: refuse}, 0)
		at := time.Now().Add(-time.Hour)
		for id, event := range map[string]string{"zw\u200bsp-A": "passwordSpray", "zwsp-A": "unfamiliarFeatures"} {
			sim.Add(simtenant.SignIn{ID: id, UserID: "u-twin", UserPrincipalName: "twin@contoso.com", CreatedDateTime: at,
				RiskLevelAggregated: "high", RiskState: "atRisk", RiskDetail: "none", RiskEventTypesV2: []string{event}})
		}
		got, err := c.RiskDetections(context.Background(), graph.SignIn{ID: "zwsp-A", UserID: "u-twin", Created: at})
		if err != nil {
			t.Fatal(err)
		}
		if events := eventTypes(got.List); !slices.Equal(events, []string{"unfamiliarFeatures"}) {
			t.Errorf("refuse=%v: zwsp-A's details show %v, want only its own unfamiliarFeatures", refuse, events)
		}
	}
}
