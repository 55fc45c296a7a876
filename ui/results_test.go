package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/exp/golden"

	"github.com/signin-triage/signin-triage/graph"
)

// resultRows are four sign-ins that ended four ways: a success, a wrong
// password (50126), a correct password stopped by MFA (50074), and one
// Graph sent no status for.
func resultRows() []graph.SignIn {
	at := time.Date(2026, 11, 27, 9, 0, 0, 0, time.UTC)
	row := func(id, upn string, minutes int) graph.SignIn {
		return graph.SignIn{ID: id, UPN: upn, Created: at.Add(time.Duration(-minutes) * time.Minute), IP: "185.220.101.47",
			Place: &graph.Place{City: "Chisinau", Country: "MD"}, DeviceInfo: &graph.DeviceInfo{},
			RiskLevel: graph.RiskLevelHigh, RiskState: graph.RiskStateAtRisk, RiskEventTypes: []string{"passwordSpray"}}
	}
	success := row("r-success", "adele.vance@contoso.com", 1)
	success.HasStatus = true
	wrong := row("r-wrong", "alex.wilber@contoso.com", 2)
	wrong.HasStatus, wrong.ErrorCode = true, 50126
	mfa := row("r-mfa", "bianca.deyoung@contoso.com", 3)
	mfa.HasStatus, mfa.ErrorCode = true, 50074
	missing := row("r-missing", "brian.wright@contoso.com", 4)
	return []graph.SignIn{success, wrong, mfa, missing}
}

// TestResultsGolden: the four endings read apart at 80 and 160 columns,
// and result:failure keeps only the wrong password (an interruption and
// a missing status are not failures).
func TestResultsGolden(t *testing.T) {
	for _, width := range []int{80, 160} {
		t.Run(fmt.Sprint(width), func(t *testing.T) {
			m := New(Config{Graph: offlineGraph(t), Source: "test"})
			h := inspect(m)
			h.t = t
			h.update(teaSize(width, 16))
			appendRows(m, resultRows()...)
			var b strings.Builder
			fmt.Fprintf(&b, "== four endings\n%s\n", h.screen())
			h.update(keyPress("/"))
			for _, r := range "result:failure" {
				h.update(keyPress(string(r)))
			}
			h.update(keyPress("enter"))
			if h.shownLen() != 1 || h.rowAt(0).ID != "r-wrong" {
				t.Errorf("result:failure shows %d rows", h.shownLen())
			}
			fmt.Fprintf(&b, "== result:failure\n%s\n", h.screen())
			golden.RequireEqual(t, []byte(b.String()))
		})
	}
}
