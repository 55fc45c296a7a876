package ui

import (
	"testing"

	"github.com/signin-triage/signin-triage/graph"
)

// TestRiskEventsReadInShortFormsWhereFullNamesDoNotFit: full names where
// they fit; short forms (spelled out in the details) where they do not,
// so that a narrow cell still tells the events apart; "+n" only when even
// the short forms do not fit.
func TestRiskEventsReadInShortFormsWhereFullNamesDoNotFit(t *testing.T) {
	for _, tt := range []struct {
		events []string
		width  int
		want   string
	}{
		{[]string{"unfamiliarFeatures"}, 30, "unfamiliarFeatures"},
		{[]string{"unfamiliarFeatures"}, 12, "unfamiliar"},
		{[]string{"anonymizedIPAddress", "maliciousIPAddress", "passwordSpray"}, 20, "anonIP,malIP,spray"},
		{[]string{"anonymizedIPAddress", "maliciousIPAddress", "passwordSpray"}, 15, "anonIP,malIP +1"},
		{[]string{"someNewType", "unlikelyTravel"}, 20, "someNewType,travel"},
		{nil, 12, "–"},
	} {
		s := graph.SignIn{RiskEventTypes: tt.events}
		if got, _ := riskEventsCell(signInRow{s: &s}, tt.width); got != tt.want {
			t.Errorf("%v in %d cells: %q, want %q", tt.events, tt.width, got, tt.want)
		}
	}
}
