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

// TestLegacyClientsAreMarked: a legacy protocol reads "legacy" with its
// name, in a warning's colour, shortened where the name does not fit; a
// modern client in a word.
func TestLegacyClientsAreMarked(t *testing.T) {
	for _, tt := range []struct {
		app   string
		width int
		want  string
		kind  cellKind
	}{
		{"IMAP4", 22, "legacy IMAP4", cellRiskMedium},
		{"Outlook Anywhere (RPC over HTTP)", 22, "legacy RPC/HTTP", cellRiskMedium},
		{"Authenticated SMTP", 12, "legacy SMTP", cellRiskMedium},
		{"Browser", 22, "browser", cellMuted},
		{"Mobile Apps and Desktop clients", 22, "app/desktop", cellMuted},
		{"", 22, "–", cellMuted},
	} {
		s := graph.SignIn{ClientApp: tt.app}
		if got, kind := clientCell(signInRow{s: &s}, tt.width); got != tt.want || kind != tt.kind {
			t.Errorf("%q in %d cells: %q (%v), want %q (%v)", tt.app, tt.width, got, kind, tt.want, tt.kind)
		}
	}
}
