package graph

import (
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/models"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// RiskState is a sign-in's riskState as Graph names it.
type RiskState string

// The risk states Graph sends (GRAPH.md, "Enums").
const (
	RiskStateNone                 RiskState = "none"
	RiskStateConfirmedSafe        RiskState = "confirmedSafe"
	RiskStateRemediated           RiskState = "remediated"
	RiskStateDismissed            RiskState = "dismissed"
	RiskStateAtRisk               RiskState = "atRisk"
	RiskStateConfirmedCompromised RiskState = "confirmedCompromised"
)

// RiskLevel is a sign-in's risk level as Graph names it.
type RiskLevel string

// The risk levels Graph sends. Hidden means the tenant lacks Entra ID P2.
const (
	RiskLevelNone   RiskLevel = "none"
	RiskLevelLow    RiskLevel = "low"
	RiskLevelMedium RiskLevel = "medium"
	RiskLevelHigh   RiskLevel = "high"
	RiskLevelHidden RiskLevel = "hidden"
)

// Rank orders risk levels for sorting and for "highest in a group": none
// and hidden rank lowest, high highest.
func (l RiskLevel) Rank() int {
	switch l {
	case RiskLevelLow:
		return 1
	case RiskLevelMedium:
		return 2
	case RiskLevelHigh:
		return 3
	}
	return 0
}

// SignIn is one sign-in event, reduced to what an analyst triages on. It
// holds plain Go values only: no SDK object outlives the page it came in, and
// every string has been through sanitize.String.
type SignIn struct {
	ID            string
	CorrelationID string
	Created       time.Time

	UserDisplayName string
	UPN             string
	UserID          string

	App       string
	AppID     string
	Resource  string
	ClientApp string
	IP        string

	City    string
	State   string
	Country string

	OS      string
	Browser string
	Device  string

	// ErrorCode is the sign-in's status code: 0 is a successful sign-in.
	ErrorCode     int32
	FailureReason string

	ConditionalAccess string

	RiskLevel      RiskLevel // aggregated (user and sign-in)
	RiskDuring     RiskLevel // real-time, at sign-in
	RiskState      RiskState
	RiskDetail     string
	RiskEventTypes []string
	IsInteractive  bool
}

// Location is "City, Country" or whatever part of it is known.
func (s SignIn) Location() string {
	switch {
	case s.City != "" && s.Country != "":
		return s.City + ", " + s.Country
	case s.City != "":
		return s.City
	}
	return s.Country
}

// Succeeded reports whether the sign-in itself succeeded (status errorCode 0).
func (s SignIn) Succeeded() bool { return s.ErrorCode == 0 }

// fromModel maps one SDK sign-in to a SignIn. Any field may be null.
// Repeated values go through in; IDs and addresses are kept as they come.
func fromModel(m models.SignInable, in *interner) SignIn {
	shared := func(p *string) string { return in.str(str(p)) }
	s := SignIn{
		ID:              str(m.GetId()),
		CorrelationID:   str(m.GetCorrelationId()),
		UserDisplayName: shared(m.GetUserDisplayName()),
		UPN:             shared(m.GetUserPrincipalName()),
		UserID:          shared(m.GetUserId()),
		App:             shared(m.GetAppDisplayName()),
		AppID:           shared(m.GetAppId()),
		Resource:        shared(m.GetResourceDisplayName()),
		ClientApp:       shared(m.GetClientAppUsed()),
		IP:              str(m.GetIpAddress()),
	}
	if v := m.GetRiskEventTypesV2(); len(v) > 0 {
		s.RiskEventTypes = make([]string, len(v))
		for i, e := range v {
			s.RiskEventTypes[i] = in.str(sanitize.String(e))
		}
	}
	if t := m.GetCreatedDateTime(); t != nil {
		s.Created = t.UTC()
	}
	if v := m.GetIsInteractive(); v != nil {
		s.IsInteractive = *v
	}
	if v := m.GetConditionalAccessStatus(); v != nil {
		s.ConditionalAccess = v.String()
	}
	if v := m.GetRiskLevelAggregated(); v != nil {
		s.RiskLevel = RiskLevel(v.String())
	}
	if v := m.GetRiskLevelDuringSignIn(); v != nil {
		s.RiskDuring = RiskLevel(v.String())
	}
	if v := m.GetRiskState(); v != nil {
		s.RiskState = RiskState(v.String())
	}
	if v := m.GetRiskDetail(); v != nil {
		s.RiskDetail = v.String()
	}
	if st := m.GetStatus(); st != nil {
		if c := st.GetErrorCode(); c != nil {
			s.ErrorCode = *c
		}
		s.FailureReason = shared(st.GetFailureReason())
	}
	if d := m.GetDeviceDetail(); d != nil {
		s.OS = shared(d.GetOperatingSystem())
		s.Browser = shared(d.GetBrowser())
		s.Device = shared(d.GetDisplayName())
	}
	if l := m.GetLocation(); l != nil {
		s.City = shared(l.GetCity())
		s.State = shared(l.GetState())
		s.Country = shared(l.GetCountryOrRegion())
	}
	return s
}

// str dereferences and sanitizes an optional string from Graph.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return sanitize.String(*p)
}
