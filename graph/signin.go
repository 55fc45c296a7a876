package graph

import (
	"fmt"
	"strings"
	"time"

	"github.com/microsoftgraph/msgraph-sdk-go/models"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// RiskState is a sign-in's riskState as Graph names it.
type RiskState string

// The risk states Graph sends (docs/graph.md, "Enums").
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
// every string but ID has been through sanitize.String. ID is kept as Graph
// sent it (see verbatim): show it through sanitize.String.
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

	// *Place and *DeviceInfo are shared among the sign-ins that have the
	// same values (a user's laptop, an office): their fields read as the
	// sign-in's own (s.City, s.OS). Never nil in a mapped sign-in.
	*Place
	*DeviceInfo

	ResourceID  string
	StatusExtra string // status.additionalDetails

	// ErrorCode is the sign-in's status code: 0 is a successful sign-in.
	// HasStatus says Graph sent one: without it, ErrorCode 0 means nothing
	// (see Result).
	ErrorCode     int32
	HasStatus     bool
	FailureReason string

	ConditionalAccess string
	Policies          []Policy // applied conditional access policies; shared: never modify

	RiskLevel      RiskLevel // aggregated (user and sign-in)
	RiskDuring     RiskLevel // real-time, at sign-in
	RiskState      RiskState
	RiskDetail     string
	RiskEventTypes []string
	// Interactive says whether a person signed in (rather than an app on
	// their behalf); Graph may leave it out, which reads as unknown.
	Interactive Tri
	// Auth is how the person authenticated; only the beta API says, so
	// nil on v1.0.
	Auth *AuthInfo
	// Net is the tenant's named locations the IP falls in (networks.go):
	// nil until they are read (Networks.Mark), unless the beta API said
	// (networkLocationDetails). Shared: never modify.
	Net *Network
}

// Tri is a yes/no that Graph may leave out.
type Tri uint8

// The values of a Tri.
const (
	TriUnknown Tri = iota
	Yes
	No
)

func tri(p *bool) Tri {
	switch {
	case p == nil:
		return TriUnknown
	case *p:
		return Yes
	}
	return No
}

// String is "yes", "no" or "–".
func (t Tri) String() string {
	switch t {
	case Yes:
		return "yes"
	case No:
		return "no"
	}
	return "–"
}

// Place is where a sign-in came from.
type Place struct {
	City, State, Country string
	// Latitude and Longitude place the sign-in, when HasCoordinates.
	Latitude, Longitude float64
	HasCoordinates      bool
}

// DeviceInfo is the device a sign-in came from.
type DeviceInfo struct {
	OS, Browser string
	DeviceName  string
	DeviceID    string
	TrustType   string
	Compliant   Tri
	Managed     Tri
}

// Policy is one conditional access policy's result for a sign-in.
type Policy struct {
	Name   string
	Result string // success, failure, notApplied, notEnabled, ...
	Grant  string // the grant controls it enforced, e.g. "Mfa, compliantDevice"
}

// Location is "City, Country" or whatever part of it is known.
func (s SignIn) Location() string {
	if s.Place == nil {
		return ""
	}
	switch {
	case s.City != "" && s.Country != "":
		return s.City + ", " + s.Country
	case s.City != "":
		return s.City
	}
	return s.Country
}

// UserKey is who signed in, as one person: Entra's user ID, else the UPN
// (the sign-in log keeps UPNs in lower case), else the display name.
// Grouping, counting users and sorting by user all go by it, so that one
// person is one user everywhere.
func (s *SignIn) UserKey() string {
	switch {
	case s.UserID != "":
		return s.UserID
	case s.UPN != "":
		return s.UPN
	}
	return s.UserDisplayName
}

// UserName is who signed in as a person reads it: the UPN, else the
// display name; empty when Graph sent neither.
func (s *SignIn) UserName() string {
	if s.UPN != "" {
		return s.UPN
	}
	return s.UserDisplayName
}

// fromModel maps one SDK sign-in to a SignIn. Any field may be null.
// Repeated values go through in; IDs and addresses are kept as they come.
func fromModel(m models.SignInable, in *interner) SignIn {
	shared := func(p *string) string { return in.str(str(p)) }
	s := SignIn{
		ID:              verbatim(m.GetId()),
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
		events := make([]string, len(v))
		for i, e := range v {
			events[i] = in.str(sanitize.Text(e))
		}
		s.RiskEventTypes = in.eventList(events)
	}
	if t := m.GetCreatedDateTime(); t != nil {
		s.Created = t.UTC()
	}
	s.Interactive = tri(m.GetIsInteractive())
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
	// Enum members the SDK does not know, kept aside by enumKeeper: shown
	// as Graph sent them rather than as a blank.
	extra := m.GetAdditionalData()
	keep := func(field string, dst *string) {
		if *dst == "" {
			if v := raw(extra, field); v != "" {
				*dst = in.str(sanitize.Text(v))
			}
		}
	}
	keep("riskDetail", &s.RiskDetail)
	keep("conditionalAccessStatus", &s.ConditionalAccess)
	for _, f := range []struct {
		name string
		dst  *RiskLevel
	}{{"riskLevelAggregated", &s.RiskLevel}, {"riskLevelDuringSignIn", &s.RiskDuring}} {
		v := string(*f.dst)
		keep(f.name, &v)
		*f.dst = RiskLevel(v)
	}
	s.Auth = authInfoOf(extra, in)
	s.Net = betaNetworkOf(extra, in)
	state := string(s.RiskState)
	keep("riskState", &state)
	s.RiskState = RiskState(state)
	if st := m.GetStatus(); st != nil {
		if c := st.GetErrorCode(); c != nil {
			s.ErrorCode, s.HasStatus = *c, true
		}
		s.FailureReason = shared(st.GetFailureReason())
	}
	var dev DeviceInfo
	if d := m.GetDeviceDetail(); d != nil {
		dev = DeviceInfo{
			OS: str(d.GetOperatingSystem()), Browser: str(d.GetBrowser()),
			DeviceName: str(d.GetDisplayName()), DeviceID: str(d.GetDeviceId()), TrustType: str(d.GetTrustType()),
			Compliant: tri(d.GetIsCompliant()), Managed: tri(d.GetIsManaged()),
		}
	}
	s.DeviceInfo = in.device(dev)
	var place Place
	if l := m.GetLocation(); l != nil {
		place = Place{City: str(l.GetCity()), State: str(l.GetState()), Country: str(l.GetCountryOrRegion())}
		if g := l.GetGeoCoordinates(); g != nil && g.GetLatitude() != nil && g.GetLongitude() != nil {
			place.Latitude, place.Longitude, place.HasCoordinates = *g.GetLatitude(), *g.GetLongitude(), true
		}
	}
	s.Place = in.place(place)
	s.ResourceID = shared(m.GetResourceId())
	if st := m.GetStatus(); st != nil {
		s.StatusExtra = shared(st.GetAdditionalDetails())
	}
	if ps := m.GetAppliedConditionalAccessPolicies(); len(ps) > 0 {
		s.Policies = make([]Policy, 0, len(ps))
		for _, p := range ps {
			if p == nil {
				continue
			}
			pol := Policy{Name: shared(p.GetDisplayName())}
			if r := p.GetResult(); r != nil {
				pol.Result = r.String()
			} else if v := raw(p.GetAdditionalData(), "result"); v != "" {
				pol.Result = in.str(sanitize.Text(v))
			}
			pol.Grant = in.str(sanitize.Text(strings.Join(p.GetEnforcedGrantControls(), ", ")))
			s.Policies = append(s.Policies, pol)
		}
		s.Policies = in.policyList(s.Policies)
	}
	return s
}

// verbatim dereferences the sign-in's ID as Graph sent it: the ID kept,
// compared and sent back is exactly Graph's (two IDs that differ only by an
// invisible character are two sign-ins); anything that shows it sanitizes
// it there.
func verbatim(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// str dereferences and sanitizes an optional string from Graph.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return sanitize.Text(*p)
}

// MaxIDLength is the longest sign-in ID this tool selects or sends. Graph's
// sign-in IDs are GUIDs, 36 characters; the bound leaves room for a format
// Graph might add, and keeps what a hostile server sends out of the action
// requests and the journal, whose records must stay far below the reader's
// line limit (docs/graph.md, "Sign-in IDs").
const MaxIDLength = 128

// CheckID says why a listed sign-in cannot be selected or sent: an ID
// longer than Graph issues. nil when it can.
func CheckID(id string) error {
	if len(id) <= MaxIDLength {
		return nil
	}
	return fmt.Errorf("its ID is %d characters long, and Graph's sign-in IDs are GUIDs of 36 (this tool takes at most %d): it is listed, but cannot be selected or sent; report the server that sent it", len(id), MaxIDLength)
}
