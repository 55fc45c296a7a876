package simtenant

import (
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Truth is what an expert would decide on a generated sign-in, from what
// the sign-in shows: its result, whether the password was verified, its
// device, its conditional access outcome and its risk detections.
type Truth string

// The truths of the demo's scenarios.
const (
	// TruthCompromised: an attacker had the password (the sign-in
	// succeeded, or stopped at MFA after it): confirm compromised.
	TruthCompromised Truth = "compromised"
	// TruthSafe: the user on their own compliant device, MFA passed, from
	// an unusual place: confirm safe (or dismiss).
	TruthSafe Truth = "safe"
	// TruthAttempt: an attack that failed on a wrong password: the
	// account is not compromised; dismiss it or leave it.
	TruthAttempt Truth = "attempt"
	// TruthNoise: the user's own routine sign-in at home, flagged low:
	// confirm safe, dismiss, or leave it.
	TruthNoise Truth = "noise"
)

// right are the verdicts an expert accepts for a truth; required says
// whether leaving the sign-in without one is a miss.
func (t Truth) right() (verdicts []string, required bool) {
	switch t {
	case TruthCompromised:
		return []string{"confirmCompromised"}, true
	case TruthSafe:
		return []string{"confirmSafe", "dismiss"}, true
	case TruthAttempt:
		return []string{"dismiss"}, false
	}
	return []string{"confirmSafe", "dismiss"}, false
}

// why is the expert's reason, said next to a wrong or missing verdict.
func (t Truth) why() string {
	switch t {
	case TruthCompromised:
		return "the attacker had the password: confirm compromised"
	case TruthSafe:
		return "the user's own compliant device passed MFA: confirm safe"
	case TruthAttempt:
		return "the password was wrong, the attacker is not in: dismiss, or leave it"
	}
	return "the user's own device at home, low risk: confirm safe, dismiss, or leave it"
}

// Score is how a session's verdicts compare with the truth: Right and
// Wrong count sign-ins given a verdict, Missing those an expert would have
// given one and were left, Left those rightly left alone. Twice are
// sign-ins given two different verdicts (also counted wrong).
type Score struct {
	Right, Wrong, Missing, Left int
	Twice                       []string
	// FollowUps are the users whose password the attacker had, each of
	// whom needs their sessions revoked and to be confirmed compromised;
	// FollowUpsDone the steps of theirs done. A step not done counts as
	// missing; a user action on a user the attacker did not get into, or
	// dismissing one they did, as wrong.
	FollowUps, FollowUpsDone int
	// Notes name the wrong and missing sign-ins, with the expert's reason.
	Notes []string
}

// Score compares the verdicts the tenant accepted with the truth of each
// generated sign-in.
func (s *Server) Score() Score {
	given := map[string][]string{}
	for _, r := range s.ActionRequests() {
		if _, ok := effectOf(r.Action); !ok || !(r.Status == -1 || (r.Status >= 200 && r.Status < 300)) {
			continue
		}
		for _, id := range r.IDs {
			if !slices.Contains(given[id], r.Action) {
				given[id] = append(given[id], r.Action)
			}
		}
	}
	var sc Score
	var missing []string // after the wrong ones in the notes
	for _, si := range s.SignIns() {
		if si.Truth == "" {
			continue
		}
		right, required := si.Truth.right()
		verdicts := given[si.ID]
		who := fmt.Sprintf("%s at %s from %s", si.UserPrincipalName, si.CreatedDateTime.Format("2006-01-02 15:04"), si.IPAddress)
		why := si.Truth.why()
		if si.Why != "" {
			why = si.Why
		}
		switch {
		case len(verdicts) > 1:
			sc.Wrong++
			sc.Twice = append(sc.Twice, si.ID)
			sc.Notes = append(sc.Notes, fmt.Sprintf("two verdicts (%s) on %s: %s", strings.Join(verdicts, ", "), who, why))
		case len(verdicts) == 1 && slices.Contains(right, verdicts[0]):
			sc.Right++
		case len(verdicts) == 1:
			sc.Wrong++
			sc.Notes = append(sc.Notes, fmt.Sprintf("wrong: %s on %s: %s", verdicts[0], who, why))
		case required:
			sc.Missing++
			missing = append(missing, fmt.Sprintf("missing: %s: %s", who, why))
		default:
			sc.Left++
		}
	}
	missing = append(missing, s.scoreFollowUps(&sc)...)
	sc.Notes = append(sc.Notes, missing...)
	return sc
}

// scoreFollowUps scores the user actions the tenant accepted against the
// users whose password was known, and returns the notes of the steps
// missing.
func (s *Server) scoreFollowUps(sc *Score) (missing []string) {
	known := map[string]string{} // user ID -> UPN, for the users the attacker got into
	for _, si := range s.SignIns() {
		if si.Truth == TruthCompromised {
			known[si.UserID] = si.UserPrincipalName
		}
	}
	done := map[string]map[string]bool{} // user ID -> user actions accepted
	for _, r := range s.ActionRequests() {
		if r.Status < 200 || r.Status > 299 {
			continue
		}
		switch r.Action {
		case ActionRevokeSessions, ActionConfirmUserCompromised, ActionDismissUserRisk:
		default:
			continue
		}
		for _, id := range r.IDs {
			s.mu.Lock()
			user, ok := s.userID(id)
			s.mu.Unlock()
			if !ok {
				continue
			}
			if done[user] == nil {
				done[user] = map[string]bool{}
			}
			done[user][r.Action] = true
		}
	}
	for user, actions := range done {
		_, compromised := known[user]
		switch {
		case compromised && actions[ActionDismissUserRisk]:
			sc.Wrong++
			sc.Notes = append(sc.Notes, fmt.Sprintf("wrong: dismissed the risk of %s, whose password the attacker had", known[user]))
		case !compromised && actions[ActionConfirmUserCompromised]:
			sc.Wrong++
			sc.Notes = append(sc.Notes, fmt.Sprintf("wrong: confirmed user %s compromised: no sign-in shows the attacker had the password", user))
		}
	}
	users := slices.Sorted(maps.Keys(known))
	sc.FollowUps = len(users)
	for _, user := range users {
		for _, step := range []struct{ action, what string }{
			{ActionRevokeSessions, "revoke the sessions of"},
			{ActionConfirmUserCompromised, "confirm compromised the user"},
		} {
			if done[user][step.action] {
				sc.FollowUpsDone++
				continue
			}
			sc.Missing++
			missing = append(missing, fmt.Sprintf("missing: %s %s: the attacker had the password (F, then R and C)", step.what, known[user]))
		}
	}
	return missing
}

// Incidents are the library incidents the tenant holds, in the order
// of their first sign-in, each with its users; none for the README's
// tenant.
func (s *Server) Incidents() []Incident {
	var out []Incident
	at := map[string]int{}
	all := s.SignIns()
	for i := len(all) - 1; i >= 0; i-- { // oldest first
		si := all[i]
		if si.Incident == "" {
			continue
		}
		k, ok := at[si.Incident]
		if !ok {
			k = len(out)
			at[si.Incident] = k
			out = append(out, Incident{Kind: si.Incident})
		}
		if !slices.Contains(out[k].Users, si.UserPrincipalName) {
			out[k].Users = append(out[k].Users, si.UserPrincipalName)
		}
	}
	return out
}

// IncidentLines say, at exit, which incidents a practice tenant held and
// whose they were: the answer to check one's reasoning against.
func IncidentLines(incidents []Incident) []string {
	if len(incidents) == 0 {
		return nil
	}
	out := []string{"This practice tenant held:"}
	for _, in := range incidents {
		users := in.Users
		if len(users) > 3 {
			users = append(users[:3:3], fmt.Sprintf("%d more", len(in.Users)-3))
		}
		out = append(out, fmt.Sprintf("  %s (%s)", in.Kind, strings.Join(users, ", ")))
	}
	return out
}

// Lines is the score as the demo prints it at exit, at most maxNotes
// notes.
func (sc Score) Lines() []string {
	const maxNotes = 8
	out := []string{
		"Demo score (each sign-in of the simulated tenant against what an expert would decide from the screen):",
		fmt.Sprintf("  %d right, %d wrong, %d missing; %d rightly left alone; %d given two verdicts.",
			sc.Right, sc.Wrong, sc.Missing, sc.Left, len(sc.Twice)),
	}
	if sc.FollowUps > 0 {
		out = append(out, fmt.Sprintf("  Follow-up: %d of %d steps done (revoke the sessions and confirm the user compromised, for each of the %d users whose password the attacker had).",
			sc.FollowUpsDone, 2*sc.FollowUps, sc.FollowUps))
	}
	for i, n := range sc.Notes {
		if i == maxNotes {
			out = append(out, fmt.Sprintf("  … and %d more.", len(sc.Notes)-maxNotes))
			break
		}
		out = append(out, "  "+n)
	}
	return out
}
