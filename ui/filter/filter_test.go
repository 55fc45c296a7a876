package filter

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
)

var rows = []graph.SignIn{
	{ID: "1", UPN: "adele.vance@contoso.com", UserDisplayName: "Adele Vance", App: "Microsoft Teams", IP: "185.220.101.47",
		Place: &graph.Place{City: "Chisinau", Country: "MD"}, RiskLevel: "high", RiskState: "atRisk", RiskEventTypes: []string{"anonymizedIPAddress"},
		DeviceInfo: &graph.DeviceInfo{OS: "Linux", Browser: "Python Requests"}, HasStatus: true, ErrorCode: 50126,
		ClientApp: "IMAP4", Interactive: graph.No},
	{ID: "2", UPN: "jose.muller@contoso.com", UserDisplayName: "José Müller", App: "Azure Portal", IP: "20.1.2.3",
		Place: &graph.Place{City: "New York", Country: "US"}, RiskLevel: "medium", RiskState: "dismissed", RiskEventTypes: []string{"unfamiliarFeatures"},
		DeviceInfo: &graph.DeviceInfo{OS: "Windows 11", Browser: "Edge", DeviceID: "d-1", Compliant: graph.Yes, Managed: graph.Yes},
		HasStatus:  true, ErrorCode: 0, ClientApp: "Browser", Interactive: graph.Yes,
		Policies: []graph.Policy{{Name: "Require MFA for risky sign-ins", Result: "success", Grant: "Mfa"}}},
	{ID: "3", UPN: "山田@contoso.com", UserDisplayName: "山田 太郎", App: "Microsoft Teams", IP: "2a02:1::5",
		Place: &graph.Place{City: "Tokyo", Country: "JP"}, RiskLevel: "low", RiskState: "atRisk", RiskEventTypes: []string{"unlikelyTravel", "anonymizedIPAddress"},
		DeviceInfo: &graph.DeviceInfo{OS: "MacOs", Browser: "Safari"}, ClientApp: "Mobile Apps and Desktop clients"},
}

func matching(t *testing.T, text string) string {
	t.Helper()
	f, err := Parse(text)
	if err != nil {
		t.Fatalf("Parse(%q): %v", text, err)
	}
	var ids []string
	for i := range rows {
		if f.Match(&rows[i]) {
			ids = append(ids, rows[i].ID)
		}
	}
	return strings.Join(ids, ",")
}

func TestFilter(t *testing.T) {
	tests := []struct{ text, want string }{
		{"", "1,2,3"},
		{"   ", "1,2,3"},
		{"teams", "1,3"},
		{"TEAMS", "1,3"},
		{"teams atrisk", "1,3"},
		{"teams tokyo", "3"},
		{"user:adele", "1"},
		{"user:vance", "1"},
		{"app:portal", "2"},
		{"ip:185.220", "1"},
		{"ip:2a02", "3"},
		{"country:md", "1"},
		{"city:\"new york\"", "2"},
		{"risk:high", "1"},
		{"state:dismissed", "2"},
		{"event:anonymized", "1,3"},
		{"os:windows", "2"},
		{"browser:safari", "3"},
		{"!app:teams", "2"},
		{"result:success", "2"},
		{"result:failure", "1"},
		{"result:unknown", "3"},
		{"!result:success", "1,3"},
		{"code:50126", "1"},
		{"code:501", "1"},
		{"code:0", "2"},
		{"code:5", "1"},
		{"code:126", ""},
		{"pw:verified", "2"},
		{"pw:v", "2"},
		{"pw:not-verified", "1"},
		{"pw:n", "1"},
		{"pw:cant-tell", "3"},
		{"!pw:v", "1,3"},
		{"!teams", "2"},
		{"teams !risk:low", "1"},
		{"müller", "2"},
		{"MÜLLER", "2"},
		{"山田", "3"},
		{"user:太郎", "3"},
		{"nothing-matches-this", ""},
		{"185.220.101.47", "1"},
		{"client:imap", "1"},
		{"client:legacy", "1"},
		{"!client:legacy", "2,3"},
		{"!client:imap", "2,3"},
		{`client:"desktop clients"`, "3"},
		{"device:compliant", "2"},
		{"device:c", "2"},
		{"device:managed", "2"},
		{"device:unknown", "1,3"},
		{"!device:unknown", "2"},
		{"interactive:yes", "2"},
		{"interactive:n", "1"},
		{"interactive:false", "1"},
		{"interactive:true", "2"},
		{"mfa:passed", "2"},
		{"mfa:p", "2"},
		{"mfa:unknown", "1,3"},
		{"!mfa:passed", "1,3"},
		{"mfa:failed", ""},
		{"country:moldova", "1"},
		{"country:MOLD", "1"},
		{`country:"united states"`, "2"},
		{"country:japan", "3"},
		{"country:m", "1"},
		{"country:us", "2"},
		{"!country:moldova", "2,3"},
	}
	for _, tt := range tests {
		if got := matching(t, tt.text); got != tt.want {
			t.Errorf("%q matches %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestUnknownField(t *testing.T) {
	_, err := Parse("colour:red")
	if err == nil || !strings.Contains(err.Error(), "user, app, ip, country, net, city, risk, state, event, os, browser") {
		t.Fatalf("got %v", err)
	}
	// An IPv6 address or a time with colons is a value, not a field.
	if _, err := Parse("2a02:1::5"); err != nil {
		t.Errorf("an IPv6 address was taken for a field: %v", err)
	}
}

// TestAValueAFieldCannotTakeIsAnError: a value in none of a field's
// words, or a country name that names no country, is refused with the
// words it takes; negated, it would have kept every row.
func TestAValueAFieldCannotTakeIsAnError(t *testing.T) {
	for text, want := range map[string]string{
		"pw:x":              "pw takes verified, not-verified, cant-tell",
		"!pw:verfied":       "pw:verfied matches nothing",
		"risk:severe":       "risk takes none, low, medium, high",
		"state:open":        "state takes none, atrisk",
		"result:ok":         "result takes success",
		"device:registered": "device takes compliant, managed, unknown",
		"interactive:maybe": "interactive takes yes, no",
		"mfa:sms":           "mfa takes passed, token",
		"!interactive:es":   "interactive:es matches nothing",
		"!pw:erified":       "pw:erified matches nothing",
		"!device:anaged":    "device:anaged matches nothing",
		"!device:n":         "device:n matches nothing",
		"country:atlantis":  "country:atlantis names no country",
	} {
		if _, err := Parse(text); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q): %v, want an error saying %q", text, err, want)
		}
	}
	for _, half := range []string{"pw:", "pw:n", "risk:med", "device:", "country:", "country:mo"} {
		if _, err := Parse(half); err != nil {
			t.Errorf("Parse(%q), a term half typed: %v", half, err)
		}
	}
}

// TestNarrowsHoldsAcrossCountryCodesAndNames: from a code ("mo") to a
// name ("mol") is another set of rows, so the filter is not applied to
// the old result; from a name to a longer one it is.
func TestNarrowsHoldsAcrossCountryCodesAndNames(t *testing.T) {
	for _, tt := range []struct {
		old, new string
		want     bool
	}{{"country:mo", "country:mol", false}, {"country:mol", "country:mold", true}, {"country:m", "country:md", true}} {
		o, _ := Parse(tt.old)
		n, err := Parse(tt.new)
		if err != nil {
			t.Fatal(err)
		}
		if got := n.Narrows(o); got != tt.want {
			t.Errorf("%q narrows %q: %v, want %v", tt.new, tt.old, got, tt.want)
		}
	}
}

func TestContainsFold(t *testing.T) {
	for _, tt := range []struct {
		s, sub string
		want   bool
	}{{"Adele", "adele", true}, {"xADELEx", "dele", true}, {"abc", "abcd", false}, {"", "a", false}, {"Ünï", "ünï", true}} {
		if got := containsFold(tt.s, tt.sub); got != tt.want {
			t.Errorf("containsFold(%q, %q) = %v", tt.s, tt.sub, got)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"teams", "!app:teams", `city:"new york"`, "ip:2a02::1", "user:", "!", `"`, "a:b:c"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		flt, err := Parse(text)
		if err != nil {
			return
		}
		for i := range rows {
			flt.Match(&rows[i]) // must not panic
		}
	})
}

// BenchmarkFilter100k filters 100,000 sign-ins with three terms, the way a
// keystroke does.
func BenchmarkFilter100k(b *testing.B) {
	all := make([]graph.SignIn, 100000)
	for i := range all {
		all[i] = rows[i%3]
		all[i].UPN = fmt.Sprintf("user%d@contoso.com", i%700)
	}
	f, _ := Parse("teams !risk:low user:user1")
	b.ResetTimer()
	for range b.N {
		n := 0
		for i := range all {
			if f.Match(&all[i]) {
				n++
			}
		}
	}
}

// TestFieldsAreNamedWhereTheyAreOffered: the placeholder, the error for an
// unknown field and the README's key table name every field of the list.
func TestFieldsAreNamedWhereTheyAreOffered(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, perr := Parse("colour:red")
	for _, f := range Fields() {
		if !strings.Contains(Placeholder(), " "+f.Name) {
			t.Errorf("the placeholder %q lacks %s", Placeholder(), f.Name)
		}
		if perr == nil || !strings.Contains(perr.Error(), f.Name) {
			t.Errorf("the unknown-field error %v lacks %s", perr, f.Name)
		}
		if !strings.Contains(string(readme), "`"+f.Name+":`") {
			t.Errorf("the README does not document the field %s", f.Name)
		}
		if f.Example != "" {
			if _, err := Parse(f.Example); err != nil {
				t.Errorf("the example %q does not parse: %v", f.Example, err)
			}
		}
	}
}

func TestNarrows(t *testing.T) {
	for _, tc := range []struct {
		old, new string
		want     bool
	}{
		{"", "tea", true},
		{"tea", "team", true},
		{"tea", "team ip:185.", true},
		{"ip:185.", "ip:185.2", true},
		{"team ip:185.", "ip:185.22 team", true},
		{"code:5", "code:50", true},
		{"team", "tea", false},       // wider
		{"ip", "ip:", false},         // another field
		{"ip:1", "1", false},         // any field is wider than one
		{"!a", "!ab", false},         // negated: keeps rows !a hid
		{"!a", "!a b", true},         // the same negated term, and more
		{`"new y`, `"new yo`, false}, // quotes do not narrow
		{"tea", "!team", false},      // negation is not an extension
		{"app:tea", "user:tea", false},
		{"tea ab", "team", false}, // ab is gone
	} {
		o, err1 := Parse(tc.old)
		n, err2 := Parse(tc.new)
		if err1 != nil || err2 != nil {
			t.Fatal(err1, err2)
		}
		if got := n.Narrows(o); got != tc.want {
			t.Errorf("%q narrows %q: %v, want %v", tc.new, tc.old, got, tc.want)
		}
	}
}

// TestStartMatchedValuesOnlyNarrowAsTyped: a field taken by its start
// matches any word its value starts, so typing a value on never widens
// what the view shows (Narrows relies on it): interactive: keeps all,
// interactive:n the non-interactive ones.
func TestStartMatchedValuesOnlyNarrowAsTyped(t *testing.T) {
	rows := []graph.SignIn{{Interactive: graph.Yes}, {Interactive: graph.No}, {Interactive: graph.TriUnknown}}
	kept := func(text string) int {
		f, err := Parse(text)
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for i := range rows {
			if f.Match(&rows[i]) {
				n++
			}
		}
		return n
	}
	for text, want := range map[string]int{"interactive:": 3, "interactive:n": 1, "interactive:no": 1, "interactive:y": 1, "interactive:t": 1} {
		if got := kept(text); got != want {
			t.Errorf("%s keeps %d, want %d", text, got, want)
		}
	}
}
