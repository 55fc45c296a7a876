package graph

import (
	"strconv"
	"sync"
)

// Result is how a sign-in ended, in the one vocabulary that the table,
// the live filter, sorting, the groups and the details all use.
type Result uint8

// The results. The zero value is ResultUnknown: a sign-in whose status
// Graph left out is never read as a success.
const (
	// ResultUnknown: Graph sent no status, or no error code in it.
	ResultUnknown Result = iota
	// ResultSuccess: error code 0.
	ResultSuccess
	// ResultInterrupted: the sign-in stopped for a further step or a
	// policy (MFA, a conditional access block, a password change).
	ResultInterrupted
	// ResultFailure: any other code, known or not: the check itself failed.
	ResultFailure
)

// String is the result's name, as the filter and the table write it.
func (r Result) String() string {
	switch r {
	case ResultSuccess:
		return "success"
	case ResultInterrupted:
		return "interrupted"
	case ResultFailure:
		return "failure"
	}
	return "unknown"
}

// Password says whether the sign-in's password was verified before it
// stopped: the question that tells an attacker who had the password from
// one who guessed.
type Password uint8

// The answers. The zero value is PasswordCantTell: any code the table
// does not know reads that way.
const (
	PasswordCantTell Password = iota
	PasswordVerified
	PasswordNotVerified
)

// String is the answer in words.
func (p Password) String() string {
	switch p {
	case PasswordVerified:
		return "verified"
	case PasswordNotVerified:
		return "not verified"
	}
	return "can't tell"
}

// StatusCode is one sign-in error code (AADSTS) as docs/sign-in-results.md
// records it, with its source in Microsoft's error reference.
type StatusCode struct {
	Code     int32
	Name     string // Microsoft's name for it: InvalidUserNameOrPassword
	Meaning  string // in an analyst's words
	Result   Result
	Password Password
}

// Result is how the sign-in ended. A code the table does not know is a
// failure whose password answer is "can't tell".
func (s *SignIn) Result() Result {
	switch {
	case !s.HasStatus:
		return ResultUnknown
	case s.ErrorCode == 0:
		return ResultSuccess
	}
	if c, ok := statusCodes()[s.ErrorCode]; ok {
		return c.Result
	}
	return ResultFailure
}

// Status is what the table knows of the sign-in's code, if anything.
func (s *SignIn) Status() (StatusCode, bool) {
	if !s.HasStatus {
		return StatusCode{}, false
	}
	c, ok := statusCodes()[s.ErrorCode]
	return c, ok
}

// Password is whether the password was verified before the sign-in
// stopped; a code the table does not know, or no status, can't tell.
func (s *SignIn) Password() Password {
	c, ok := s.Status()
	if !ok {
		return PasswordCantTell
	}
	return c.Password
}

// CodeText is the error code as the table shows it, "" without a status.
func (s *SignIn) CodeText() string {
	if !s.HasStatus {
		return ""
	}
	return strconv.Itoa(int(s.ErrorCode))
}

// StatusCodes is the table of docs/sign-in-results.md: the codes
// signin-triage reads, with Microsoft's name, the meaning, the result and
// whether the password was verified. Its sources are in that file.
func StatusCodes() []StatusCode {
	const (
		in, fail          = ResultInterrupted, ResultFailure
		yes, no, cantTell = PasswordVerified, PasswordNotVerified, PasswordCantTell
	)
	return []StatusCode{
		{0, "(success)", "The sign-in succeeded.", ResultSuccess, yes},
		{50034, "UserAccountNotFound", "No such user in the tenant.", fail, no},
		{50053, "IdsLocked", "The account is locked after too many bad attempts, or the sign-in came from an IP with malicious activity (the failure reason says which).", fail, cantTell},
		{50055, "InvalidPasswordExpiredPassword", "The password has expired.", fail, cantTell},
		{50057, "UserDisabled", "The account is disabled.", fail, cantTell},
		{50072, "UserStrongAuthEnrollmentRequiredInterrupt", "The user must enrol for MFA.", in, cantTell},
		{50074, "UserStrongAuthClientAuthNRequiredInterrupt", "MFA was required and the user did not pass it.", in, yes},
		{50076, "UserStrongAuthClientAuthNRequired", "MFA is required (a policy, per-user MFA, a new location).", in, yes},
		{50079, "UserStrongAuthEnrollmentRequired", "MFA is required, and the user must first register security info.", in, cantTell},
		{50097, "DeviceAuthenticationRequired", "Device authentication is required.", in, cantTell},
		{50125, "PasswordResetRegistrationRequiredInterrupt", "The sign-in paused for a password reset or registration.", in, cantTell},
		{50126, "InvalidUserNameOrPassword", "The user name or password was wrong.", fail, no},
		{50140, "KmsiInterrupt", "The harmless \"Keep me signed in?\" prompt.", in, yes},
		{50158, "ExternalSecurityChallenge", "Sent to a further challenge (terms of use, third-party MFA); alone it is no failure.", in, cantTell},
		{53000, "DeviceNotCompliant", "Conditional access requires a compliant device, and this one is not.", in, yes},
		{53003, "BlockedByConditionalAccess", "A conditional access policy blocked the sign-in.", in, yes},
		{500121, "(Authentication failed during strong authentication request)", "The user did not complete MFA: denied, timed out or failed it.", in, yes},
		{530032, "BlockedByConditionalAccessOnSecurityPolicy", "A tenant security policy blocked the request.", in, cantTell},
	}
}

// statusCodes is StatusCodes by code, built once and only read after.
var statusCodes = sync.OnceValue(func() map[int32]StatusCode {
	out := map[int32]StatusCode{}
	for _, c := range StatusCodes() {
		out[c.Code] = c
	}
	return out
})
