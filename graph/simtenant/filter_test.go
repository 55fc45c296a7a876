package simtenant

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/signin-triage/signin-triage/graph"
)

// FuzzFilterBuilder: whatever the analyst types as a UPN, app or IP prefix,
// the $filter graph builds parses as one literal per field, and matches a
// sign-in that starts with it: the value never becomes syntax.
func FuzzFilterBuilder(f *testing.F) {
	for _, s := range []string{"o'neil", "x' or riskState eq 'none", "#&%", "ü\\", "a)b(c", "'", " and "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, prefix string) {
		if !utf8.ValidString(prefix) || prefix == "" {
			return
		}
		q := graph.Query{UPNPrefix: prefix, AppPrefix: prefix, IPPrefix: prefix, RiskStates: []graph.RiskState{graph.RiskStateAtRisk}}
		match, err := parseFilter(q.Filter())
		if err != nil {
			t.Fatalf("the filter for %q does not parse: %v\n%s", prefix, err, q.Filter())
		}
		yes := SignIn{UserPrincipalName: strings.ToLower(prefix) + "tail", AppDisplayName: prefix + "tail", IPAddress: prefix + "1", RiskState: "atRisk"}
		if !match(&yes) {
			t.Fatalf("the filter for %q does not match a sign-in that starts with it:\n%s", prefix, q.Filter())
		}
		no := yes
		no.RiskState = "none"
		if match(&no) {
			t.Fatalf("the prefix %q turned into syntax: a none sign-in matches\n%s", prefix, q.Filter())
		}
	})
}
