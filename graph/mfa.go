package graph

import "strings"

// MFA is what a sign-in says of multifactor authentication: whether it
// was asked, and how it was satisfied (docs/graph.md, "MFA").
type MFA string

// The values of MFA, in the words the filter's mfa: takes.
const (
	// MFAPassed: MFA was satisfied. Graph's words say it was completed in
	// this sign-in; a conditional access policy's MFA grant that succeeded
	// says only that it was satisfied, which an earlier sign-in's claim
	// also does.
	MFAPassed MFA = "passed"
	// MFAToken: MFA was satisfied by a claim in the token, from an earlier
	// sign-in: no one was prompted now.
	MFAToken MFA = "token"
	// MFARequired: MFA (or registering for it) was asked and the sign-in
	// stopped there (50072, 50074, 50076, 50079).
	MFARequired MFA = "required"
	// MFAFailed: the person failed, denied or did not answer MFA (500121),
	// or a policy's MFA grant failed.
	MFAFailed MFA = "failed"
	// MFANone: single-factor, as only the beta API says.
	MFANone MFA = "none"
	// MFAUnknown: nothing in the sign-in says (v1.0 does not say that
	// no MFA was asked: per-user MFA and security defaults leave no
	// policy behind).
	MFAUnknown MFA = "unknown"
)

// MFAs lists the values in the order the filter offers them.
func MFAs() []MFA { return []MFA{MFAPassed, MFAToken, MFARequired, MFAFailed, MFANone, MFAUnknown} }

// MFA says what the sign-in shows of multifactor authentication: its
// status code first, then the policies' MFA grants, then Graph's own
// words (status.additionalDetails, and the beta API's authentication
// details).
func (s *SignIn) MFA() MFA {
	if s.HasStatus {
		switch s.ErrorCode {
		case 500121:
			return MFAFailed
		case 50072, 50074, 50076, 50079:
			return MFARequired
		}
	}
	said := strings.ToLower(s.StatusExtra)
	if s.Auth != nil {
		for _, st := range s.Auth.Steps {
			said += "\n" + strings.ToLower(st.Detail)
		}
	}
	switch {
	case strings.Contains(said, "satisfied by claim in the token"):
		return MFAToken
	case strings.Contains(said, "mfa completed"), strings.Contains(said, "mfa successfully completed"):
		return MFAPassed
	}
	for _, p := range s.Policies {
		if !strings.Contains(strings.ToLower(p.Grant), "mfa") {
			continue
		}
		switch p.Result {
		case "success":
			return MFAPassed
		case "failure":
			return MFAFailed
		}
	}
	if s.Auth != nil {
		switch s.Auth.Requirement {
		case "singleFactorAuthentication":
			return MFANone
		case "multiFactorAuthentication":
			if s.HasStatus && s.ErrorCode == 0 {
				return MFAPassed
			}
		}
	}
	return MFAUnknown
}
