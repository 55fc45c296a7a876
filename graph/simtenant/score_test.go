package simtenant

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestGeneratedTenantAgreesWithItself: results, codes, conditional access
// and risk agree (no 50126 blocked by conditional access, no success with
// a failure code), the spray has successes, wrong passwords and a correct
// password stopped by MFA, and each truth rests on what the sign-in shows.
func TestGeneratedTenantAgreesWithItself(t *testing.T) {
	all := generate(250, 60, 1, testNow, "contoso.com")
	codes := map[int32]int{}
	for _, s := range all {
		code, reason := s.Status.ErrorCode, s.Status.FailureReason
		if (code == 0) != (reason == nil) {
			t.Errorf("%s: code %d with reason %v", s.ID, code, reason)
		}
		caFailed := s.ConditionalAccessStatus == "failure"
		if caFailed != (code == 50074) || (caFailed && s.AppliedCAPolicies[0].Result != "failure") {
			t.Errorf("%s: code %d with conditional access %s (%+v)", s.ID, code, s.ConditionalAccessStatus, s.AppliedCAPolicies)
		}
		if s.ConditionalAccessStatus == "success" && s.AppliedCAPolicies[0].Result != "success" {
			t.Errorf("%s: CA success without a policy that succeeded", s.ID)
		}
		if s.RiskState == "atRisk" && len(s.RiskEventTypesV2) == 0 {
			t.Errorf("%s: at risk with no detection", s.ID)
		}
		verified := code == 0 || code == 50074
		switch s.Truth {
		case TruthCompromised:
			if !verified || s.DeviceDetail.IsCompliant || s.RiskState != "atRisk" {
				t.Errorf("%s: compromised without the password verified from a stranger's device: %+v", s.ID, s)
			}
		case TruthSafe:
			if code != 0 || !s.DeviceDetail.IsCompliant || s.ConditionalAccessStatus != "success" {
				t.Errorf("%s: safe without MFA passed on a compliant device", s.ID)
			}
		case TruthAttempt:
			if code != 50126 {
				t.Errorf("%s: an attempt with code %d", s.ID, code)
			}
		case TruthNoise:
			if !s.DeviceDetail.IsCompliant || s.RiskLevelDuringSignIn == "high" || (s.RiskLevelDuringSignIn == "medium" && s.RiskState != "remediated") {
				t.Errorf("%s: noise off the user's device or still at risk above low", s.ID)
			}
		default:
			t.Errorf("%s: no truth", s.ID)
		}
		if s.IPAddress == "185.220.101.47" {
			codes[code]++
		}
	}
	if codes[0] < 2 || codes[50126] < 10 || codes[50074] < 1 {
		t.Errorf("the spray's codes %v: want a few successes, many wrong passwords and a correct password stopped by MFA", codes)
	}
}

// TestScore: verdicts the tenant accepted are scored against the truth:
// right, wrong, missing, left alone, and two verdicts on one sign-in.
func TestScore(t *testing.T) {
	s := start(t, Options{SignIns: 250})
	byTruth := map[Truth][]string{}
	var known, innocent []string // users whose password the attacker had, and one they did not
	for _, si := range s.SignIns() {
		if si.RiskState == "atRisk" {
			byTruth[si.Truth] = append(byTruth[si.Truth], si.ID)
		}
		if si.Truth == TruthCompromised && !slices.Contains(known, si.UserID) {
			known = append(known, si.UserID)
		}
	}
	for _, si := range s.SignIns() {
		if si.Truth == TruthSafe && !slices.Contains(known, si.UserID) {
			innocent = append(innocent, si.UserID)
		}
	}
	steps := 2 * len(known)
	before := s.Score()
	if before.Right != 0 || before.Wrong != 0 || before.Missing != len(byTruth[TruthCompromised])+len(byTruth[TruthSafe])+steps || before.FollowUps != len(known) {
		t.Fatalf("score before any verdict: %+v", before)
	}
	post(t, s, "confirmCompromised", byTruth[TruthCompromised], false)
	post(t, s, "confirmSafe", byTruth[TruthSafe][:1], false)
	post(t, s, "confirmCompromised", byTruth[TruthAttempt][:1], false)
	post(t, s, "dismiss", byTruth[TruthSafe][:1], false) // a second verdict
	sc := s.Score()
	// The follow-up: every known user's sessions revoked, all but one
	// confirmed compromised, and an innocent user confirmed compromised
	// (wrong).
	for _, u := range known {
		if status, _ := do(t, "POST", s.URL()+"/users/"+u+"/revokeSignInSessions", nil); status != http.StatusOK {
			t.Fatalf("revoke: %d", status)
		}
	}
	if status, _ := do(t, "POST", s.URL()+"/identityProtection/riskyUsers/confirmCompromised", map[string]any{"userIds": append(known[1:len(known):len(known)], innocent[0])}); status != http.StatusNoContent {
		t.Fatalf("confirm users: %d", status)
	}
	sc = s.Score()
	want := Score{Right: len(byTruth[TruthCompromised]), Wrong: 3, Missing: len(byTruth[TruthSafe]) - 1 + 1, FollowUpsDone: steps - 1}
	if sc.Right != want.Right || sc.Wrong != want.Wrong || sc.Missing != want.Missing || sc.FollowUpsDone != want.FollowUpsDone || len(sc.Twice) != 1 || sc.Twice[0] != byTruth[TruthSafe][0] {
		t.Errorf("score %+v, want %+v and one given two verdicts", sc, want)
	}
	lines := strings.Join(sc.Lines(), "\n")
	for _, w := range []string{"3 wrong", "1 given two verdicts", fmt.Sprintf("Follow-up: %d of %d steps done", steps-1, steps), "wrong: confirmed user", "wrong: confirmCompromised on", "the password was wrong, the attacker is not in"} {
		if !strings.Contains(lines, w) {
			t.Errorf("score lines lack %q:\n%s", w, lines)
		}
	}
	if !slices.ContainsFunc(sc.Notes, func(n string) bool { return strings.HasPrefix(n, "missing: confirm compromised the user") }) {
		t.Errorf("no missing note: %v", sc.Notes)
	}
}
