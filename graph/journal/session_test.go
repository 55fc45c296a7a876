package journal

import (
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestOpenSessionReportsAPendingRequestOnce: an intent with no outcome is
// reported at the next start, with its IDs, and not at the one after.
func TestOpenSessionReportsAPendingRequestOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Append(Record{Kind: Intent, Action: "confirmSafe", IDs: []string{"a", "b"}}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	where := Where{Tenant: "contoso", Cloud: "global", Operator: func() string { return "analyst@contoso.com" }}
	j, notices, err := OpenSession(path, where)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	if len(notices) != 1 || !strings.Contains(notices[0], "confirmSafe for 2 sign-ins") || !strings.Contains(notices[0], "a, b") {
		t.Fatalf("notices %q", notices)
	}
	j, notices, err = OpenSession(path, where)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if len(notices) != 0 {
		t.Errorf("reported again: %q", notices)
	}
	recs, _ := ReadFile(path)
	last := recs[len(recs)-1]
	if line := last.Line(); !strings.Contains(line, "outcome") || !strings.Contains(line, "→ unknown: no outcome recorded") {
		t.Errorf("the recorded outcome reads %q", line)
	}
	if PathIn("", false) != "" || PathIn("/s", true) == PathIn("/s", false) {
		t.Error("the demo must keep a journal of its own, and no directory none")
	}
}

// TestAcceptedIsThisTenantsRecentVerdicts: the guard remembers accepted
// verdicts of this tenant from the last 90 days, the newest per sign-in.
func TestAcceptedIsThisTenantsRecentVerdicts(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	recs := []Record{
		{Kind: Outcome, Outcome: "accepted", Tenant: "contoso", Action: "confirmCompromised", IDs: []string{"a", "b"}, Time: now.Add(-time.Hour)},
		{Kind: Outcome, Outcome: "accepted", Tenant: "contoso", Action: "confirmSafe", IDs: []string{"b"}, Time: now.Add(-time.Minute)},
		{Kind: Outcome, Outcome: "failed", Tenant: "contoso", Action: "dismiss", IDs: []string{"c"}, Time: now},
		{Kind: Outcome, Outcome: "accepted", Tenant: "fabrikam", Action: "dismiss", IDs: []string{"d"}, Time: now},
		{Kind: Outcome, Outcome: "accepted", Tenant: "contoso", Action: "dismiss", IDs: []string{"e"}, Time: now.Add(-91 * 24 * time.Hour)},
		{Kind: Intent, Tenant: "contoso", Action: "dismiss", IDs: []string{"f"}, Time: now},
	}
	got := Accepted(recs, TenantKey{Text: "contoso"}, now.Add(-90*24*time.Hour))
	want := map[string]string{"a": "confirmCompromised", "b": "confirmSafe"}
	if len(got) != len(want) || got["a"] != want["a"] || got["b"] != want["b"] {
		t.Errorf("accepted %v, want %v", got, want)
	}
}

// TestDoubtedIsThisTenantsRequestsInDoubt: outcomes recorded unknown and
// intents with no outcome are in doubt; failures and other tenants are not.
func TestDoubtedIsThisTenantsRequestsInDoubt(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	recs := []Record{
		{Kind: Intent, Tenant: "contoso", Request: "r1", Action: "dismiss", IDs: []string{"a"}, Time: now},
		{Kind: Outcome, Outcome: "unknown", Tenant: "contoso", Request: "r1", Action: "dismiss", IDs: []string{"a"}, Time: now},
		{Kind: Intent, Tenant: "contoso", Request: "r2", Action: "confirmSafe", IDs: []string{"b"}, Time: now},
		{Kind: Intent, Tenant: "contoso", Request: "r3", Action: "dismiss", IDs: []string{"c"}, Time: now},
		{Kind: Outcome, Outcome: "failed", Tenant: "contoso", Request: "r3", Action: "dismiss", IDs: []string{"c"}, Time: now},
		{Kind: Outcome, Outcome: "unknown", Tenant: "fabrikam", Request: "r4", Action: "dismiss", IDs: []string{"d"}, Time: now},
	}
	got := Doubted(recs, TenantKey{Text: "contoso"}, now.Add(-90*24*time.Hour))
	if len(got) != 2 || !strings.Contains(got["a"], "dismiss sent 2026-11-27 12:00 UTC (r1), outcome unknown") ||
		!strings.Contains(got["b"], "confirmSafe sent 2026-11-27 12:00 UTC (r2), no outcome recorded") {
		t.Errorf("doubted %v", got)
	}
}

// TestTheTenantIsKnownByItsID: once Graph named the tenant's ID, records
// sent as organizations, as the domain or as the GUID are one tenant's;
// an older record without the ID still counts by its text, and another
// tenant's ID never does.
func TestTheTenantIsKnownByItsID(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	const tid = "5e1a7e0a-0000-4000-8000-00000000c0de"
	recs := []Record{
		{Kind: Outcome, Outcome: "accepted", Tenant: "organizations", TenantID: tid, Action: "confirmCompromised", IDs: []string{"a"}, Time: now},
		{Kind: Outcome, Outcome: "accepted", Tenant: "contoso.com", Action: "dismiss", IDs: []string{"b"}, Time: now},
		{Kind: Outcome, Outcome: "accepted", Tenant: strings.ToUpper(tid), Action: "dismiss", IDs: []string{"c"}, Time: now},
		{Kind: Outcome, Outcome: "accepted", Tenant: "contoso.com", TenantID: "0ther000-0000-4000-8000-000000000000", Action: "dismiss", IDs: []string{"d"}, Time: now},
	}
	got := Accepted(recs, TenantKey{Text: "contoso.com", ID: tid}, now.Add(-time.Hour))
	if len(got) != 3 || got["a"] != "confirmCompromised" || got["b"] != "dismiss" || got["c"] != "dismiss" {
		t.Errorf("by ID: %v", got)
	}
	if got := Accepted(recs, TenantKey{Text: "contoso.com"}, now.Add(-time.Hour)); len(got) != 2 || got["b"] == "" || got["d"] == "" {
		t.Errorf("before the ID is known, by text: %v", got)
	}
}

// TestADoubtKeepsTheTenantItWasSentTo: a request cut off under one
// --tenant text, reported at the next start under another, stays in doubt
// for the tenant it was sent to, dated when it was sent.
func TestADoubtKeepsTheTenantItWasSentTo(t *testing.T) {
	sent := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	recs := []Record{
		{Kind: Intent, Tenant: "contoso.com", Request: "r1", Action: "dismiss", IDs: []string{"a"}, Time: sent},
		{Kind: Outcome, Outcome: "unknown", Tenant: "organizations", Request: "r1", Action: "dismiss", IDs: []string{"a"},
			Error: "no outcome recorded: reported at the next start", Time: sent.Add(48 * time.Hour)},
	}
	got := Doubted(recs, TenantKey{Text: "contoso.com"}, sent.Add(-time.Hour))
	if !strings.Contains(got["a"], "dismiss sent 2026-11-27 12:00 UTC (r1)") {
		t.Errorf("doubted %v", got)
	}
}

// TestAPendingNoticeShowsIDsAsTheyAre: an ID with a zero-width space reads
// with it, as \u200b, never as the other sign-in it would look like.
func TestAPendingNoticeShowsIDsAsTheyAre(t *testing.T) {
	n := Record{Action: "confirmSafe", IDs: []string{"zw\u200bsp-A", "zwsp-B"}}.PendingNotice()
	if !strings.Contains(n, `zw\u200bsp-A, zwsp-B`) {
		t.Errorf("the notice reads %q", n)
	}
}
