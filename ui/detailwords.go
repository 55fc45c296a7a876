package ui

import "github.com/signin-triage/signin-triage/graph"

// The words the details use for what a sign-in proves of the person: the
// password, and multifactor authentication.

// passwordText answers whether the password was verified before the
// sign-in stopped, in words an analyst can act on.
func passwordText(s *graph.SignIn) string {
	switch s.Password() {
	case graph.PasswordVerified:
		if s.Result() == graph.ResultSuccess {
			return "verified: the sign-in succeeded, so whoever signed in had the password (or a token)"
		}
		return "verified before the sign-in stopped: whoever signed in had the password (or a token)"
	case graph.PasswordNotVerified:
		return "not verified: the password was wrong, or there was no account"
	}
	if s.HasStatus {
		return "can't tell from code " + s.CodeText() + ": Microsoft does not say whether it comes after the password check"
	}
	return "can't tell: Graph sent no status"
}

// mfaText says what the sign-in shows of MFA, and where that comes from
// (docs/graph.md, "MFA").
func mfaText(s *graph.SignIn) string {
	switch s.MFA() {
	case graph.MFAPassed:
		return "passed: the second factor was satisfied (in this sign-in, or by an earlier one's claim when only a policy's result says so)"
	case graph.MFAToken:
		return "satisfied by a claim in the token from an earlier sign-in: no one was asked now"
	case graph.MFARequired:
		return "required, and the sign-in stopped there (code " + s.CodeText() + ")"
	case graph.MFAFailed:
		return "failed or denied: whoever signed in did not pass the second factor"
	case graph.MFANone:
		return "none: single-factor, as Graph says (an earlier MFA claim is not counted)"
	}
	return "the sign-in does not say (v1.0 names no MFA unless a policy or the status does)"
}
