package graph

import (
	"strings"
	"testing"
	"time"
)

func TestQueryFilter(t *testing.T) {
	since := time.Date(2026, 10, 28, 12, 0, 0, 999, time.FixedZone("X", 3600))
	tests := []struct {
		q    Query
		want string
	}{
		{Query{}, ""},
		{DefaultQuery(time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)), "createdDateTime ge 2026-10-28T12:00:00Z and riskState eq 'atRisk'"},
		{Query{Since: since}, "createdDateTime ge 2026-10-28T11:00:00Z"},
		{Query{RiskStates: []RiskState{RiskStateAtRisk, RiskStateDismissed}, RiskLevels: []RiskLevel{RiskLevelHigh}},
			"(riskState eq 'atRisk' or riskState eq 'dismissed') and riskLevelAggregated eq 'high'"},
		{Query{UPNPrefix: "O'Neil"}, "startswith(userPrincipalName,'o''neil')"},
		{Query{Since: since, UserID: "26be570a-ae82-4189-b4e2-a37c6808512d"}, "createdDateTime ge 2026-10-28T11:00:00Z and userId eq '26be570a-ae82-4189-b4e2-a37c6808512d'"},
		{Query{AppPrefix: "Azure", IPPrefix: "185.220."}, "startswith(appDisplayName,'Azure') and startswith(ipAddress,'185.220.')"},
	}
	for _, tt := range tests {
		if got := tt.q.Filter(); got != tt.want {
			t.Errorf("Filter() = %q, want %q", got, tt.want)
		}
	}
}

func TestQueryValidate(t *testing.T) {
	for _, n := range []int{-1, 1001} {
		if err := (Query{PageSize: n}).Validate(); err == nil {
			t.Errorf("page size %d accepted", n)
		}
	}
	now := time.Now()
	if err := (Query{Since: now, Until: now.Add(-time.Hour)}).Validate(); err == nil {
		t.Error("a window that ends before it starts was accepted")
	}
	if err := (Query{PageSize: 999}).Validate(); err != nil {
		t.Error(err)
	}
}

func TestBatches(t *testing.T) {
	ids := []string{"a", "b", "c", "d", "e"}
	got := Batches(ids, 2)
	if len(got) != 3 || len(got[0]) != 2 || len(got[2]) != 1 || got[2][0] != "e" {
		t.Fatalf("Batches = %v", got)
	}
	got[0] = append(got[0], "x")
	if ids[2] != "c" {
		t.Fatal("appending to a batch overwrote the next one")
	}
	if len(Batches(nil, 60)) != 0 {
		t.Fatal("no IDs, some batches")
	}
}

func TestParseLists(t *testing.T) {
	states, err := parseRiskStates(" atrisk, Dismissed,atRisk ")
	if err != nil || joinList(states) != "atRisk,dismissed" {
		t.Fatalf("states %v %v", states, err)
	}
	if s, err := parseRiskStates(""); err != nil || s != nil {
		t.Fatalf("empty: %v %v", s, err)
	}
	if _, err := parseRiskLevels("high,severe"); err == nil || !strings.Contains(err.Error(), `"severe" is not one of high, medium, low, hidden, none`) {
		t.Fatalf("levels: %v", err)
	}
	if d, err := parseWindow("7d"); err != nil || d != 7*24*time.Hour {
		t.Fatalf("window %v %v", d, err)
	}
	if _, err := parseWindow("91d"); err == nil {
		t.Fatal("91d accepted")
	}
}

func TestFormatWindowRoundTrips(t *testing.T) {
	for _, text := range []string{"30d", "7d", "36h", "90m", "1d", "90d"} {
		d, err := parseWindow(text)
		if err != nil {
			t.Fatal(err)
		}
		if got := formatWindow(d); got != text {
			t.Errorf("FormatWindow(ParseWindow(%q)) = %q", text, got)
		}
	}
}

func TestQueryAtMeasuresTheWindowFromNow(t *testing.T) {
	start := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	q := DefaultQuery(start)
	if later := q.At(start.Add(time.Hour)); !later.Since.Equal(start.Add(time.Hour - DefaultWindow)) {
		t.Errorf("an hour later Since is %v", later.Since)
	}
}

func TestParseWindow(t *testing.T) {
	good := map[string]time.Duration{"30d": 30 * 24 * time.Hour, "7d": 7 * 24 * time.Hour, "36h": 36 * time.Hour, "90m": 90 * time.Minute, "90d": 90 * 24 * time.Hour}
	for in, want := range good {
		if got, err := parseWindow(in); err != nil || got != want {
			t.Errorf("ParseWindow(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0d", "-1d", "91d", "7", "d", "7days", "1y"} {
		if _, err := parseWindow(in); err == nil || !strings.Contains(err.Error(), "like 7d, 36h or 90m") {
			t.Errorf("ParseWindow(%q) = %v; want an error that says what is allowed", in, err)
		}
	}
}

// TestQueryFieldsRoundTrip: each field's default parses, names are unique,
// and what Set reads Get writes back the same.
func TestQueryFieldsRoundTrip(t *testing.T) {
	samples := map[string]string{"state": "atRisk,dismissed", "risk-level": "high,low", "since": "36h",
		"user": "adele", "app": "Office", "ip": "185.", "result": "not-success", "include-noninteractive": "true", "max-rows": "1000"}
	seen := map[string]bool{}
	for _, f := range QueryFields() {
		if seen[f.Name] {
			t.Errorf("field %q twice", f.Name)
		}
		seen[f.Name] = true
		var q Query
		if err := f.Set(&q, f.Default); err != nil {
			t.Errorf("%s: the default %q does not parse: %v", f.Name, f.Default, err)
		}
		sample, ok := samples[f.Name]
		if !ok {
			t.Errorf("%s: no sample in this test", f.Name)
			continue
		}
		if err := f.Set(&q, sample); err != nil {
			t.Fatalf("%s: %v", f.Name, err)
		}
		if got := f.Get(q); got != sample {
			t.Errorf("%s: Get after Set(%q) = %q", f.Name, sample, got)
		}
		if f.Phrase(q.At(time.Now())) == "" {
			t.Errorf("%s: set to %q, the header says nothing of it", f.Name, sample)
		}
	}
	if len(samples) != len(seen) {
		t.Errorf("the test knows %d fields, the table has %d", len(samples), len(seen))
	}
}
