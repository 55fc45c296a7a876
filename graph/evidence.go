package graph

import (
	"fmt"
	"strings"
)

// Evidence is how a sign-in ended, as a verdict's dialog and the headless
// summary break a selection down: the question that decides a verdict is
// whether the attacker had the password (docs/sign-in-results.md).
type Evidence uint8

// The parts of the breakdown, in the order they are said.
const (
	// EvidenceSucceeded: the sign-in succeeded (code 0).
	EvidenceSucceeded Evidence = iota
	// EvidencePasswordVerified: it stopped (MFA, conditional access) after
	// the password was verified: whoever signed in had it.
	EvidencePasswordVerified
	// EvidenceWrongPassword: it failed before the password was verified
	// (a wrong password, no such user).
	EvidenceWrongPassword
	// EvidenceOther: it ended with a code that does not tell whether the
	// password was verified.
	EvidenceOther
	// EvidenceUnknown: Graph sent no status, or the sign-in is not loaded.
	EvidenceUnknown
	evidenceParts
)

// String says the part as the breakdown does: "7 succeeded".
func (e Evidence) String() string {
	return [...]string{"succeeded", "right password then stopped", "wrong password",
		"ended otherwise", "ended unknown"}[e]
}

// evidenceOf is how s ended; a sign-in that is not loaded (nil) is unknown.
func evidenceOf(s *SignIn) Evidence {
	if s == nil {
		return EvidenceUnknown
	}
	switch s.Result() {
	case ResultUnknown:
		return EvidenceUnknown
	case ResultSuccess:
		return EvidenceSucceeded
	}
	switch s.Password() {
	case PasswordVerified:
		return EvidencePasswordVerified
	case PasswordNotVerified:
		return EvidenceWrongPassword
	}
	return EvidenceOther
}

// Breakdown counts sign-ins by how they ended, and their users.
type Breakdown struct {
	Count [evidenceParts]int
	// Users counts the distinct users of each part (those whose user is
	// known).
	Users [evidenceParts]int
	users [evidenceParts]map[string]bool
}

// Add counts one sign-in; s is nil when it is not loaded.
func (b *Breakdown) Add(s *SignIn) {
	e := evidenceOf(s)
	b.Count[e]++
	if s == nil {
		return
	}
	if b.users[e] == nil {
		b.users[e] = map[string]bool{}
	}
	if k := s.UserKey(); !b.users[e][k] {
		b.users[e][k] = true
		b.Users[e]++
	}
}

// Total is how many sign-ins were counted.
func (b Breakdown) Total() int {
	n := 0
	for _, c := range b.Count {
		n += c
	}
	return n
}

// RightPassword counts the sign-ins where whoever signed in had the
// password: those that succeeded and those stopped after it.
func (b Breakdown) RightPassword() int {
	return b.Count[EvidenceSucceeded] + b.Count[EvidencePasswordVerified]
}

// Text says the breakdown in a line, the parts with none left out:
// "7 succeeded, 23 failed on a wrong password".
func (b Breakdown) Text() string {
	var parts []string
	for e, n := range b.Count {
		if n > 0 {
			parts = append(parts, fmt.Sprintf("%d %s", n, Evidence(e)))
		}
	}
	if len(parts) == 0 {
		return "none"
	}
	return strings.Join(parts, ", ")
}

// Warnings are what the breakdown says against sending v, if anything:
// a verdict that says the attacker did not get in, for sign-ins where the
// password was right; a compromise, for ones where it was wrong. They
// inform; they do not block.
func (b Breakdown) Warnings(v Verdict) []string {
	var out []string
	if n := b.RightPassword(); n > 0 && v.RightPasswordWarning != "" {
		out = append(out, fmt.Sprintf("%d had the right password: %s.", n, v.RightPasswordWarning))
	}
	if n := b.Count[EvidenceWrongPassword]; n > 0 && v.WrongPasswordWarning != "" {
		out = append(out, fmt.Sprintf("%d had a wrong password: %s.",
			n, fmt.Sprintf(v.WrongPasswordWarning, b.Users[EvidenceWrongPassword])))
	}
	return out
}
