package simtenant

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

var testNow = time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)

func start(t *testing.T, opts Options) *Server {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = testNow
	}
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

type listReply struct {
	Value    []SignIn `json:"value"`
	NextLink string   `json:"@odata.nextLink"`
	Error    *struct {
		Code, Message string
	} `json:"error"`
}

func get(t *testing.T, rawURL string) (int, listReply) {
	t.Helper()
	resp, err := http.Get(rawURL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body listReply
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("decoding %s: %v", rawURL, err)
	}
	return resp.StatusCode, body
}

func listURL(s *Server, filter string, top int) string {
	v := url.Values{}
	if filter != "" {
		v.Set("$filter", filter)
	}
	if top != 0 {
		v.Set("$top", strconv.Itoa(top))
	}
	return s.URL() + "/auditLogs/signIns?" + v.Encode()
}

func TestGenerateIsDeterministicAndNewestFirst(t *testing.T) {
	a := generate(500, 0, 7, testNow, "contoso.com")
	b := generate(500, 0, 7, testNow, "contoso.com")
	if len(a) != 500 {
		t.Fatalf("generated %d sign-ins, want 500", len(a))
	}
	seen := map[string]bool{}
	for i := range a {
		if a[i].ID != b[i].ID {
			t.Fatalf("same seed, different sign-in at %d", i)
		}
		if seen[a[i].ID] {
			t.Fatalf("duplicate ID %s", a[i].ID)
		}
		seen[a[i].ID] = true
		if i > 0 && a[i].CreatedDateTime.After(a[i-1].CreatedDateTime) {
			t.Fatalf("not newest first at %d", i)
		}
		if a[i].CreatedDateTime.After(testNow) || a[i].CreatedDateTime.Before(testNow.Add(-30*24*time.Hour)) {
			t.Fatalf("sign-in %d at %v is outside the last 30 days", i, a[i].CreatedDateTime)
		}
	}
}

// TestGeneratedIncidents checks the tenant holds the patterns an analyst
// hunts for: one IP behind many users, and one user with many risky
// sign-ins from one IP.
func TestGeneratedIncidents(t *testing.T) {
	all := generate(1000, 0, 1, testNow, "contoso.com")
	usersByIP := map[string]map[string]bool{}
	perUserIP := map[string]int{}
	risky, failed := 0, 0
	for _, s := range all {
		if usersByIP[s.IPAddress] == nil {
			usersByIP[s.IPAddress] = map[string]bool{}
		}
		usersByIP[s.IPAddress][s.UserPrincipalName] = true
		if s.RiskState == "atRisk" {
			risky++
			perUserIP[s.UserPrincipalName+"|"+s.IPAddress]++
		}
		if s.Status.ErrorCode != 0 {
			failed++
		}
	}
	maxUsers, maxPair := 0, 0
	for _, u := range usersByIP {
		maxUsers = max(maxUsers, len(u))
	}
	for _, n := range perUserIP {
		maxPair = max(maxPair, n)
	}
	if maxUsers < 20 {
		t.Errorf("no spray: the busiest IP has %d users, want >= 20", maxUsers)
	}
	if maxPair < 20 {
		t.Errorf("no hammered user: the most risky sign-ins of one user from one IP is %d, want >= 20", maxPair)
	}
	if risky < 100 || failed < 50 {
		t.Errorf("risky=%d failed=%d: want a tenant with risk and failures in it", risky, failed)
	}
}

func TestListPagesThroughEverythingOnce(t *testing.T) {
	s := start(t, Options{SignIns: 1234})
	next := listURL(s, "", 500)
	var ids []string
	pages := 0
	for next != "" {
		status, body := get(t, next)
		if status != 200 {
			t.Fatalf("status %d: %+v", status, body.Error)
		}
		pages++
		for _, v := range body.Value {
			ids = append(ids, v.ID)
		}
		next = body.NextLink
	}
	if pages != 3 || len(ids) != 1234 {
		t.Fatalf("got %d sign-ins in %d pages, want 1234 in 3", len(ids), pages)
	}
	want := s.SignIns()
	for i := range ids {
		if ids[i] != want[i].ID {
			t.Fatalf("sign-in %d is %s, want %s", i, ids[i], want[i].ID)
		}
	}
	reqs := s.Requests()
	if reqs[2].Page != 3 || reqs[2].Top != "500" {
		t.Errorf("third request: page %d top %q; nextLink must keep $top", reqs[2].Page, reqs[2].Top)
	}
}

func TestListFilter(t *testing.T) {
	s := start(t, Options{SignIns: 400})
	all := s.SignIns()
	since := testNow.Add(-7 * 24 * time.Hour)
	count := func(keep func(SignIn) bool) int {
		n := 0
		for _, si := range all {
			if keep(si) {
				n++
			}
		}
		return n
	}
	upn := all[0].UserPrincipalName
	tests := []struct {
		filter string
		want   int
	}{
		{"riskState eq 'atRisk'", count(func(s SignIn) bool { return s.RiskState == "atRisk" })},
		{"createdDateTime ge " + since.Format(time.RFC3339) + " and riskState eq 'atRisk'",
			count(func(s SignIn) bool { return s.RiskState == "atRisk" && !s.CreatedDateTime.Before(since) })},
		{"(riskLevelAggregated eq 'high' or riskLevelAggregated eq 'medium')",
			count(func(s SignIn) bool { return s.RiskLevelAggregated == "high" || s.RiskLevelAggregated == "medium" })},
		{"startswith(userPrincipalName,'" + upn[:5] + "')",
			count(func(s SignIn) bool { return strings.HasPrefix(s.UserPrincipalName, upn[:5]) })},
		{"startswith(userPrincipalName,'o''neil')", 0},
	}
	for _, tt := range tests {
		status, body := get(t, listURL(s, tt.filter, 999))
		if status != 200 {
			t.Fatalf("%s: status %d %+v", tt.filter, status, body.Error)
		}
		if len(body.Value) != tt.want {
			t.Errorf("%s: %d sign-ins, want %d", tt.filter, len(body.Value), tt.want)
		}
	}
}

func TestListRejectsWhatGraphRejects(t *testing.T) {
	s := start(t, Options{SignIns: 10})
	for _, u := range []string{
		listURL(s, "", 1001),
		listURL(s, "", 0) + "&$top=0",
		listURL(s, "bogusField eq 'x'", 10),
		listURL(s, "riskState eq 'atRisk", 10),
		s.URL() + "/auditLogs/signIns?$skiptoken=garbage",
	} {
		status, body := get(t, u)
		if status != 400 || body.Error == nil || body.Error.Message == "" {
			t.Errorf("%s: status %d, error %+v; want 400 with an error envelope", u, status, body.Error)
		}
	}
}

func post(t *testing.T, s *Server, action string, ids []string, gz bool) *http.Response {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"requestIds": ids})
	var buf bytes.Buffer
	if gz {
		w := gzip.NewWriter(&buf)
		w.Write(body)
		w.Close()
	} else {
		buf.Write(body)
	}
	req, _ := http.NewRequest("POST", s.URL()+"/auditLogs/signIns/"+action, &buf)
	req.Header.Set("Content-Type", "application/json")
	if gz {
		req.Header.Set("Content-Encoding", "gzip")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp
}

func atRisk(s *Server, n int) []string {
	var ids []string
	for _, si := range s.SignIns() {
		if si.RiskState == "atRisk" && len(ids) < n {
			ids = append(ids, si.ID)
		}
	}
	return ids
}

func TestActionsChangeStateAndAreRecorded(t *testing.T) {
	s := start(t, Options{SignIns: 100})
	ids := atRisk(s, 3)
	if resp := post(t, s, "confirmSafe", ids[:2], true); resp.StatusCode != 204 {
		t.Fatalf("confirmSafe: %d", resp.StatusCode)
	}
	if resp := post(t, s, "dismiss", ids[2:], false); resp.StatusCode != 204 {
		t.Fatalf("dismiss: %d", resp.StatusCode)
	}
	for i, want := range []string{"confirmedSafe", "confirmedSafe", "dismissed"} {
		if si, _ := s.SignIn(ids[i]); si.RiskState != want {
			t.Errorf("%s: state %s, want %s", ids[i], si.RiskState, want)
		}
	}
	reqs := s.ActionRequests()
	if len(reqs) != 2 || reqs[0].Action != "confirmSafe" || strings.Join(reqs[0].IDs, ",") != strings.Join(ids[:2], ",") || reqs[0].ContentEncoding != "gzip" {
		t.Fatalf("recorded %+v", reqs)
	}
}

func TestActionUnknownIDFailsWholeBatch(t *testing.T) {
	s := start(t, Options{SignIns: 100})
	ids := append(atRisk(s, 2), "00000000-0000-0000-0000-000000000000")
	if resp := post(t, s, "confirmSafe", ids, false); resp.StatusCode != 400 {
		t.Fatalf("status %d, want 400", resp.StatusCode)
	}
	if si, _ := s.SignIn(ids[0]); si.RiskState != "atRisk" {
		t.Errorf("a failed batch changed %s to %s", ids[0], si.RiskState)
	}
}

func TestFaults(t *testing.T) {
	s := start(t, Options{SignIns: 100})
	ids := atRisk(s, 2)
	s.InjectFault(Fault{Action: "confirmSafe", IDs: ids[1:], Status: 503, RetryAfter: "0", Times: 2})
	if resp := post(t, s, "confirmSafe", ids[:1], false); resp.StatusCode != 204 {
		t.Errorf("a request without the fault's IDs got %d", resp.StatusCode)
	}
	for i := range 2 {
		resp := post(t, s, "confirmSafe", ids[1:], false)
		if resp.StatusCode != 503 || resp.Header.Get("Retry-After") != "0" {
			t.Errorf("attempt %d: %d %q, want 503 with Retry-After", i, resp.StatusCode, resp.Header.Get("Retry-After"))
		}
	}
	if resp := post(t, s, "confirmSafe", ids[1:], false); resp.StatusCode != 204 {
		t.Errorf("the fault outlived its Times: %d", resp.StatusCode)
	}

	s.InjectFault(Fault{Action: "list", Page: 2, Status: 429, Times: 1})
	first, _ := get(t, listURL(s, "", 50))
	_, body := get(t, listURL(s, "", 50))
	status, _ := get(t, body.NextLink)
	if first != 200 || status != 429 {
		t.Errorf("page 1: %d, page 2: %d; want 200 then 429", first, status)
	}
}

func TestHoldPage(t *testing.T) {
	s := start(t, Options{SignIns: 30})
	release := s.HoldPage(1)
	done := make(chan int)
	go func() { status, _ := get(t, listURL(s, "", 10)); done <- status }()
	select {
	case <-done:
		t.Fatal("a held page was answered")
	case <-time.After(100 * time.Millisecond):
	}
	release()
	if status := <-done; status != 200 {
		t.Fatalf("status %d", status)
	}
}

// TestNonInteractiveOnlyOnBetaWhenAsked: v1.0 lists interactive sign-ins
// only and refuses signInEventTypes; beta lists non-interactive ones when
// the filter asks for them.
func TestNonInteractiveOnlyOnBetaWhenAsked(t *testing.T) {
	s := start(t, Options{SignIns: 100, NonInteractive: 40})
	list := func(version, filter string) (int, int) {
		v := url.Values{"$top": {"999"}}
		if filter != "" {
			v.Set("$filter", filter)
		}
		status, body := get(t, s.URLFor(version)+"/auditLogs/signIns?"+v.Encode())
		return status, len(body.Value)
	}
	both := "signInEventTypes/any(t: t eq 'interactiveUser' or t eq 'nonInteractiveUser')"
	if status, n := list("v1.0", ""); status != 200 || n != 100 {
		t.Errorf("v1.0: %d with %d sign-ins, want 100 interactive", status, n)
	}
	if status, _ := list("v1.0", both); status != 400 {
		t.Errorf("v1.0 with signInEventTypes: %d, want 400", status)
	}
	if status, n := list("beta", ""); status != 200 || n != 100 {
		t.Errorf("beta by default: %d with %d, want the 100 interactive", status, n)
	}
	if status, n := list("beta", both); status != 200 || n != 140 {
		t.Errorf("beta with both types: %d with %d, want 140", status, n)
	}
	if status, n := list("beta", "signInEventTypes/any(t: t eq 'nonInteractiveUser') and riskState eq 'atRisk'"); status != 200 || n == 0 || n >= 40 {
		t.Errorf("beta non-interactive at risk: %d with %d", status, n)
	}
}

// TestGeneratedTraveller: one user signs in from several countries within
// days, the unlikely-travel pattern.
func TestGeneratedTraveller(t *testing.T) {
	countries := map[string]map[string]bool{}
	for _, s := range generate(400, 0, 1, testNow, "contoso.com") {
		if s.RiskState != "atRisk" && s.RiskState != "confirmedSafe" && s.RiskState != "dismissed" && s.RiskState != "remediated" {
			continue
		}
		if countries[s.UserPrincipalName] == nil {
			countries[s.UserPrincipalName] = map[string]bool{}
		}
		countries[s.UserPrincipalName][s.Location.CountryOrRegion] = true
	}
	most := 0
	for _, c := range countries {
		most = max(most, len(c))
	}
	if most < 3 {
		t.Fatalf("no user signs in from 3 or more countries (most: %d)", most)
	}
}

// A nextLink keeps the page size the listing began with, as Graph's
// skiptoken does: a $top edited into the link changes nothing.
func TestANextLinkKeepsItsPageSize(t *testing.T) {
	s := start(t, Options{SignIns: 50, Seed: 1})
	_, first := get(t, s.URLFor("v1.0")+"/auditLogs/signIns?$top=5")
	if len(first.Value) != 5 || first.NextLink == "" {
		t.Fatalf("first page: %d sign-ins, next %q", len(first.Value), first.NextLink)
	}
	edited := strings.Replace(first.NextLink, "%24top=5", "%24top=20", 1)
	if edited == first.NextLink {
		edited = strings.Replace(first.NextLink, "$top=5", "$top=20", 1)
	}
	if edited == first.NextLink {
		t.Fatalf("no $top in the next link %q", first.NextLink)
	}
	_, second := get(t, edited)
	if len(second.Value) != 5 {
		t.Fatalf("an edited $top gave a page of %d sign-ins, want the 5 the listing began with", len(second.Value))
	}
}

// TestConfirmSafeOnANeverFlaggedSignInIsAccepted: Graph documents confirm
// safe for sign-ins it never flagged, so the tenant accepts it by default;
// RefuseNeverFlagged refuses it as "not risky", for the fallback's tests.
// The undocumented verdicts on them are refused unless AcceptNeverFlagged.
func TestConfirmSafeOnANeverFlaggedSignInIsAccepted(t *testing.T) {
	for _, tt := range []struct {
		name   string
		opts   Options
		action string
		want   int
	}{
		{"confirm safe, by default", Options{}, "confirmSafe", http.StatusNoContent},
		{"confirm safe, refused", Options{RefuseNeverFlagged: true}, "confirmSafe", http.StatusBadRequest},
		{"dismiss, by default", Options{}, "dismiss", http.StatusBadRequest},
		{"dismiss, every verdict accepted", Options{AcceptNeverFlagged: true}, "dismiss", http.StatusNoContent},
	} {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.SignIns = 60
			s, err := Start(tt.opts)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			var never string
			for _, si := range s.SignIns() {
				if si.RiskState == "none" {
					never = si.ID
					break
				}
			}
			if never == "" {
				t.Fatal("the tenant has no never-flagged sign-in")
			}
			resp, err := http.Post(s.URL()+"/auditLogs/signIns/"+tt.action, "application/json",
				strings.NewReader(`{"requestIds":["`+never+`"]}`))
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != tt.want {
				t.Errorf("%s on a never-flagged sign-in: %d, want %d", tt.action, resp.StatusCode, tt.want)
			}
		})
	}
}
