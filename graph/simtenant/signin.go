package simtenant

import "time"

// SignIn is a sign-in as Graph v1.0 sends it: the JSON shape of the signIn
// resource, with the fields signin-triage reads.
type SignIn struct {
	ID                      string    `json:"id"`
	CreatedDateTime         time.Time `json:"createdDateTime"`
	UserDisplayName         string    `json:"userDisplayName"`
	UserPrincipalName       string    `json:"userPrincipalName"`
	UserID                  string    `json:"userId"`
	AppID                   string    `json:"appId"`
	AppDisplayName          string    `json:"appDisplayName"`
	IPAddress               string    `json:"ipAddress"`
	ClientAppUsed           string    `json:"clientAppUsed"`
	CorrelationID           string    `json:"correlationId"`
	ConditionalAccessStatus string    `json:"conditionalAccessStatus"`
	IsInteractive           bool      `json:"isInteractive"`
	// SignInEventTypes is beta-only: interactiveUser, nonInteractiveUser, ...
	SignInEventTypes      []string       `json:"signInEventTypes,omitempty"`
	RiskDetail            string         `json:"riskDetail"`
	RiskLevelAggregated   string         `json:"riskLevelAggregated"`
	RiskLevelDuringSignIn string         `json:"riskLevelDuringSignIn"`
	RiskState             string         `json:"riskState"`
	RiskEventTypes        []string       `json:"riskEventTypes"`
	RiskEventTypesV2      []string       `json:"riskEventTypes_v2"`
	ResourceDisplayName   string         `json:"resourceDisplayName"`
	ResourceID            string         `json:"resourceId"`
	Status                Status         `json:"status"`
	DeviceDetail          DeviceDetail   `json:"deviceDetail"`
	Location              Location       `json:"location"`
	AppliedCAPolicies     []AppliedCAPol `json:"appliedConditionalAccessPolicies"`
	// Beta-only: how the person authenticated (set on /beta replies).
	AuthenticationRequirement string       `json:"authenticationRequirement,omitempty"`
	AuthenticationDetails     []AuthDetail `json:"authenticationDetails,omitempty"`
	UserAgent                 string       `json:"userAgent,omitempty"`
	// Beta-only: the named locations the IP falls in (networks.go).
	NetworkLocationDetails []NetworkDetail `json:"networkLocationDetails,omitempty"`
	// RiskUpdated is when a verdict last changed the risk; never sent
	// (riskyUsers' riskLastUpdatedDateTime reads it).
	RiskUpdated time.Time `json:"-"`
	// Truth is what an expert would decide from what the sign-in shows;
	// never sent. Empty for sign-ins a test adds.
	Truth Truth `json:"-"`
	// Why is the expert's reason for the truth, where it is more
	// particular than the truth's own (a practice tenant's incidents).
	Why string `json:"-"`
	// Incident names the library incident a practice tenant's sign-in
	// belongs to; empty for the everyday ones and the README's tenant.
	Incident string `json:"-"`
}

// AuthDetail is one authentication step (beta's authenticationDetail).
type AuthDetail struct {
	AuthenticationStepDateTime     time.Time `json:"authenticationStepDateTime"`
	AuthenticationMethod           string    `json:"authenticationMethod"`
	Succeeded                      bool      `json:"succeeded"`
	AuthenticationStepResultDetail string    `json:"authenticationStepResultDetail"`
}

// betaAuth fills in the beta-only authentication fields from what the
// sign-in's code and conditional access say: a wrong password fails the
// password step; MFA asked for by the policy follows a right password,
// passed (CA success) or not (50074).
func betaAuth(s *SignIn) {
	at := s.CreatedDateTime
	password := AuthDetail{AuthenticationStepDateTime: at, AuthenticationMethod: "Password", Succeeded: true, AuthenticationStepResultDetail: "Correct password"}
	s.AuthenticationRequirement = "singleFactorAuthentication"
	switch {
	case s.Status.ErrorCode == 50126:
		password.Succeeded, password.AuthenticationStepResultDetail = false, "Invalid username or password or Invalid on-premise username or password."
		s.AuthenticationDetails = []AuthDetail{password}
	case s.Status.ErrorCode == 50074:
		s.AuthenticationRequirement = "multiFactorAuthentication"
		s.AuthenticationDetails = []AuthDetail{password, {AuthenticationStepDateTime: at.Add(20 * time.Second),
			AuthenticationMethod: "Mobile app notification", AuthenticationStepResultDetail: "MFA required, not completed"}}
	case s.Status.ErrorCode == 500121:
		s.AuthenticationRequirement = "multiFactorAuthentication"
		s.AuthenticationDetails = []AuthDetail{password, {AuthenticationStepDateTime: at.Add(30 * time.Second),
			AuthenticationMethod: "Mobile app notification", AuthenticationStepResultDetail: "MFA denied; user declined the authentication"}}
	case s.Status.AdditionalDetails != nil && *s.Status.AdditionalDetails == "MFA requirement satisfied by claim in the token":
		s.AuthenticationRequirement = "multiFactorAuthentication"
		s.AuthenticationDetails = []AuthDetail{{AuthenticationStepDateTime: at, AuthenticationMethod: "Previously satisfied",
			Succeeded: true, AuthenticationStepResultDetail: "MFA requirement satisfied by claim in the token"}}
	case s.ConditionalAccessStatus == "success":
		s.AuthenticationRequirement = "multiFactorAuthentication"
		s.AuthenticationDetails = []AuthDetail{password, {AuthenticationStepDateTime: at.Add(12 * time.Second),
			AuthenticationMethod: "Mobile app notification", Succeeded: true, AuthenticationStepResultDetail: "MFA successfully completed"}}
	default:
		s.AuthenticationDetails = []AuthDetail{password}
	}
	switch {
	case s.DeviceDetail.Browser == "Python Requests 2.31":
		s.UserAgent = "python-requests/2.31.0"
	case s.ClientAppUsed == "IMAP4":
		s.UserAgent = "" // legacy protocols send none
	default:
		s.UserAgent = "Mozilla/5.0 (" + s.DeviceDetail.OperatingSystem + ") " + s.DeviceDetail.Browser
	}
}

// Status is a sign-in's outcome; ErrorCode 0 is success.
type Status struct {
	ErrorCode         int32   `json:"errorCode"`
	FailureReason     *string `json:"failureReason"`
	AdditionalDetails *string `json:"additionalDetails"`
}

// DeviceDetail describes the device that signed in.
type DeviceDetail struct {
	DeviceID        string `json:"deviceId"`
	DisplayName     string `json:"displayName"`
	OperatingSystem string `json:"operatingSystem"`
	Browser         string `json:"browser"`
	IsCompliant     bool   `json:"isCompliant"`
	IsManaged       bool   `json:"isManaged"`
	TrustType       string `json:"trustType"`
}

// Location is where the sign-in came from.
type Location struct {
	City            string         `json:"city"`
	State           string         `json:"state"`
	CountryOrRegion string         `json:"countryOrRegion"`
	GeoCoordinates  GeoCoordinates `json:"geoCoordinates"`
}

// GeoCoordinates are a location's latitude and longitude.
type GeoCoordinates struct {
	Altitude  *float64 `json:"altitude"`
	Latitude  float64  `json:"latitude"`
	Longitude float64  `json:"longitude"`
}

// AppliedCAPol is one conditional access policy's result for a sign-in.
type AppliedCAPol struct {
	ID                      string   `json:"id"`
	DisplayName             string   `json:"displayName"`
	EnforcedGrantControls   []string `json:"enforcedGrantControls"`
	EnforcedSessionControls []string `json:"enforcedSessionControls"`
	Result                  string   `json:"result"`
}
