package graph

import (
	"time"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// AuthInfo is how the person proved who they were, as only the beta API
// says (authenticationRequirement, authenticationDetails, userAgent: they
// reach the v1.0 model as additional data). Nil on v1.0.
type AuthInfo struct {
	// Requirement is singleFactorAuthentication or
	// multiFactorAuthentication.
	Requirement string
	UserAgent   string
	Steps       []AuthStep
}

// AuthStep is one authentication step of a sign-in.
type AuthStep struct {
	Method    string // e.g. Password, Mobile app notification
	Succeeded Tri
	Detail    string // e.g. "Correct password", "MFA denied; user declined"
	Time      time.Time
}

// authInfoOf reads the beta-only authentication fields from a sign-in's
// additional data; nil when there are none. Its words and the user
// agent repeat across a user's sign-ins: they are interned.
func authInfoOf(extra map[string]any, in *interner) *AuthInfo {
	info := AuthInfo{
		Requirement: in.str(rawText(extra["authenticationRequirement"])),
		UserAgent:   in.str(rawText(extra["userAgent"])),
	}
	steps, _ := extra["authenticationDetails"].([]any)
	if len(steps) > 0 {
		info.Steps = make([]AuthStep, 0, len(steps))
	}
	for _, v := range steps {
		m, ok := v.(map[string]any)
		if !ok {
			continue
		}
		step := AuthStep{
			Method:    in.str(rawText(m["authenticationMethod"])),
			Succeeded: rawTri(m["succeeded"]),
			Detail:    in.str(rawText(m["authenticationStepResultDetail"])),
		}
		if t, err := time.Parse(time.RFC3339Nano, rawText(m["authenticationStepDateTime"])); err == nil {
			step.Time = t.UTC()
		}
		info.Steps = append(info.Steps, step)
	}
	if info.Requirement == "" && info.UserAgent == "" && len(info.Steps) == 0 {
		return nil
	}
	return &info
}

// rawText is a JSON string kiota left in additional data (as a string or
// a *string), sanitized; "" for anything else.
func rawText(v any) string {
	switch s := v.(type) {
	case string:
		return sanitize.Text(s)
	case *string:
		if s != nil {
			return sanitize.Text(*s)
		}
	}
	return ""
}

func rawTri(v any) Tri {
	switch b := v.(type) {
	case bool:
		return tri(&b)
	case *bool:
		return tri(b)
	}
	return TriUnknown
}
