package simtenant

import (
	"slices"
	"strings"
	"testing"
)

// TestPracticeTenantsAgreeWithThemselves: seeds 1 to 50 each give a
// tenant whose sign-ins agree with themselves, with at least three
// incidents, every flagged sign-in with a truth, and each incident's
// truth decidable from what the screen shows: the result, the MFA, the
// device and IP against the user's own earlier sign-ins (U). Seed 1 is
// the README's tenant; other seeds differ in incidents and IDs, and
// together draw on every kind in the library.
func TestPracticeTenantsAgreeWithThemselves(t *testing.T) {
	kindsSeen := map[string]bool{}
	mixes := map[string]bool{}
	ids := map[uint64]map[string]bool{}
	for seed := uint64(1); seed <= 50; seed++ {
		all := practiceTenant(seed)
		ids[seed] = map[string]bool{}
		var kinds []string
		for _, s := range all {
			ids[seed][s.ID] = true
			if s.Incident != "" && !slices.Contains(kinds, s.Incident) {
				kinds = append(kinds, s.Incident)
				kindsSeen[s.Incident] = true
			}
			checkCoherent(t, seed, s)
			if s.Incident != "" {
				checkDecidable(t, seed, s, all)
			}
		}
		slices.Sort(kinds)
		mixes[strings.Join(kinds, "|")] = true
		incidents := len(kinds)
		if seed == 1 {
			incidents = 3 // the README's: the spray, the traveller, the attacker
			if !slices.Equal(idsOf(all), idsOf(generate(250, 60, 1, testNow, "contoso.com"))) {
				t.Errorf("seed 1 is not the README's tenant")
			}
		}
		if incidents < 3 {
			t.Errorf("seed %d holds %d incidents: %v", seed, incidents, kinds)
		}
	}
	for _, k := range library {
		if !kindsSeen[k.name] {
			t.Errorf("no seed from 1 to 50 draws %q", k.name)
		}
	}
	if len(mixes) < 20 {
		t.Errorf("seeds 2 to 50 give only %d mixes of incidents", len(mixes)-1)
	}
	for id := range ids[2] {
		if ids[3][id] {
			t.Fatalf("seeds 2 and 3 share the sign-in ID %s", id)
		}
	}
}

func practiceTenant(seed uint64) []SignIn {
	if seed == 1 {
		return generate(250, 60, 1, testNow, "contoso.com")
	}
	return practice(250, 60, seed, testNow, "contoso.com")
}

func idsOf(all []SignIn) []string {
	var out []string
	for _, s := range all {
		out = append(out, s.ID)
	}
	return out
}

// checkCoherent: codes, failure reasons, conditional access and risk
// agree, and every flagged sign-in has a truth.
func checkCoherent(t *testing.T, seed uint64, s SignIn) {
	t.Helper()
	code := s.Status.ErrorCode
	if (code == 0) != (s.Status.FailureReason == nil) {
		t.Errorf("seed %d %s: code %d with reason %v", seed, s.ID, code, s.Status.FailureReason)
	}
	caFailed := s.ConditionalAccessStatus == "failure"
	if caFailed != (code == 50074 || code == 500121) || (caFailed && s.AppliedCAPolicies[0].Result != "failure") {
		t.Errorf("seed %d %s: code %d with conditional access %s", seed, s.ID, code, s.ConditionalAccessStatus)
	}
	if s.ConditionalAccessStatus == "success" && (code != 0 || s.AppliedCAPolicies[0].Result != "success") {
		t.Errorf("seed %d %s: CA success with code %d", seed, s.ID, code)
	}
	if s.RiskState == "atRisk" && (len(s.RiskEventTypesV2) == 0 || s.Truth == "") {
		t.Errorf("seed %d %s: at risk with detections %v and truth %q", seed, s.ID, s.RiskEventTypesV2, s.Truth)
	}
}

// checkDecidable: an incident's truth rests on what the screen shows.
// Compromised: the password was verified, from a device and an IP the
// user's history has never seen. Safe: it succeeded with MFA passed, on a
// device or from an IP the history holds, over a modern client.
// Attempt: the password was wrong.
func checkDecidable(t *testing.T, seed uint64, s SignIn, all []SignIn) {
	t.Helper()
	devices, ips, before := map[string]bool{}, map[string]bool{}, 0
	for _, o := range all {
		if o.UserID == s.UserID && o.RiskState == "none" && o.Incident == "" && o.CreatedDateTime.Before(s.CreatedDateTime) {
			devices[o.DeviceDetail.DeviceID], ips[o.IPAddress] = true, true
			before++
		}
	}
	if before < 3 && s.Truth != TruthAttempt {
		t.Errorf("seed %d %s (%s): only %d earlier everyday sign-ins to decide by", seed, s.ID, s.Incident, before)
	}
	code := s.Status.ErrorCode
	known := (s.DeviceDetail.DeviceID != "" && devices[s.DeviceDetail.DeviceID]) || ips[s.IPAddress]
	switch s.Truth {
	case TruthCompromised:
		if !(code == 0 || code == 50074 || code == 500121) || known {
			t.Errorf("seed %d %s (%s): compromised, but code %d, device or IP known %v", seed, s.ID, s.Incident, code, known)
		}
	case TruthSafe:
		if code != 0 || s.ConditionalAccessStatus != "success" || !known || s.ClientAppUsed == "IMAP4" {
			t.Errorf("seed %d %s (%s): safe, but code %d, CA %s, device or IP known %v, client %s", seed, s.ID, s.Incident, code, s.ConditionalAccessStatus, known, s.ClientAppUsed)
		}
	case TruthAttempt:
		if code != 50126 {
			t.Errorf("seed %d %s (%s): an attempt with code %d", seed, s.ID, s.Incident, code)
		}
	default:
		t.Errorf("seed %d %s (%s): truth %q", seed, s.ID, s.Incident, s.Truth)
	}
	if s.Why == "" {
		t.Errorf("seed %d %s (%s): no reason for its truth", seed, s.ID, s.Incident)
	}
}
