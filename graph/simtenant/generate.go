package simtenant

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"
)

// The generated tenant. Names and places are invented but shaped like a real
// tenant's: a few hundred employees, the usual Microsoft 365 apps, sign-ins
// from where the staff live plus the odd anonymizer, and incidents the way
// they look in a real log (one user hammered from one IP, a password spray
// across many users from one IP, one user in several countries in a day).

var firstNames = []string{
	"Adele", "Alex", "Allan", "Bianca", "Brian", "Carlos", "Chen", "Christie", "Debra", "Diego",
	"Elena", "Emily", "Enrico", "Fatima", "Grady", "Hana", "Henrietta", "Irvin", "Isaiah", "Jana",
	"Johanna", "Joni", "Kenji", "Lee", "Lidia", "Lynne", "Megan", "Miriam", "Nestor", "Nora",
	"Olga", "Patti", "Pradeep", "Raul", "Sakura", "Sofia", "Tomas", "Wei", "Yara", "Zoe",
}

var lastNames = []string{
	"Vance", "Wilber", "Deyoung", "Wright", "Barnes", "Mendez", "Li", "Cline", "Berger", "Ortiz",
	"Petrova", "Braun", "Rossi", "Haddad", "Archie", "Sato", "Harris", "Bellows", "Okafor", "Novak",
	"Lindqvist", "Sherman", "Tanaka", "Gu", "Holloway", "Robbins", "Bowen", "Caldwell", "Kowalski", "Quinn",
	"Ivanova", "Fernandez", "Patel", "Alvarez", "Yamamoto", "Costa", "Horak", "Zhang", "Nasser", "Dubois",
}

type app struct{ name, id, resource, resourceID string }

var apps = []app{
	{"Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000", "Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"},
	{"Microsoft Teams", "1fec8e78-bce4-4aaf-ab1b-5451cc387264", "Microsoft Teams Services", "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe"},
	{"Office 365 SharePoint Online", "00000003-0000-0ff1-ce00-000000000000", "Office 365 SharePoint Online", "00000003-0000-0ff1-ce00-000000000000"},
	{"Azure Portal", "c44b4083-3bb0-49c1-b47d-974e53cbdf3c", "Windows Azure Service Management API", "797f4846-ba00-4fd7-ba43-dac1f8f63013"},
	{"Microsoft Outlook", "5d661950-3475-41cd-a2c3-d671a3162bc1", "Office 365 Exchange Online", "00000002-0000-0ff1-ce00-000000000000"},
	{"OneDrive SyncEngine", "ab9b8c07-8f02-4f72-87fa-80105867a763", "Office 365 SharePoint Online", "00000003-0000-0ff1-ce00-000000000000"},
	{"Microsoft Graph Command Line Tools", "14d82eec-204b-4c2f-b7e8-296a70dab67e", "Microsoft Graph", "00000003-0000-0000-c000-000000000000"},
	{"My Apps", "2793995e-0a7d-40d7-bd35-6968ba142197", "Microsoft App Access Panel", "0000000c-0000-0000-c000-000000000000"},
	{"Visual Studio Code", "aebc6443-996d-45c2-90f0-388ff96faa56", "Microsoft Graph", "00000003-0000-0000-c000-000000000000"},
}

type place struct {
	city, state, country string
	lat, lon             float64
}

// home places: where staff sign in from most days.
var homePlaces = []place{
	{"Seattle", "Washington", "US", 47.6062, -122.3321},
	{"Redmond", "Washington", "US", 47.6740, -122.1215},
	{"New York", "New York", "US", 40.7128, -74.0060},
	{"Chicago", "Illinois", "US", 41.8781, -87.6298},
	{"London", "England", "GB", 51.5074, -0.1278},
	{"Dublin", "Dublin", "IE", 53.3498, -6.2603},
	{"Berlin", "Berlin", "DE", 52.5200, 13.4050},
	{"Amsterdam", "North Holland", "NL", 52.3676, 4.9041},
	{"Toronto", "Ontario", "CA", 43.6532, -79.3832},
	{"Sydney", "New South Wales", "AU", -33.8688, 151.2093},
	{"Tokyo", "Tokyo", "JP", 35.6762, 139.6503},
	{"Bengaluru", "Karnataka", "IN", 12.9716, 77.5946},
}

// far places: where risky sign-ins come from.
var farPlaces = []place{
	{"Chisinau", "Chisinau", "MD", 47.0269, 28.8416},
	{"Lagos", "Lagos", "NG", 6.5244, 3.3792},
	{"Sao Paulo", "Sao Paulo", "BR", -23.5505, -46.6333},
	{"Hanoi", "Hanoi", "VN", 21.0278, 105.8342},
	{"Bucharest", "Bucharest", "RO", 44.4268, 26.1025},
	{"Jakarta", "Jakarta", "ID", -6.2088, 106.8456},
	{"Caracas", "Capital District", "VE", 10.4806, -66.9036},
	{"Almaty", "Almaty", "KZ", 43.2220, 76.8512},
}

type device struct{ os, browser, client string }

// devices are what staff sign in with.
var devices = []device{
	{"Windows 10", "Edge 120.0.2210", "Browser"},
	{"Windows 11", "Chrome 121.0.0", "Browser"},
	{"MacOs", "Safari 17.2", "Browser"},
	{"MacOs", "Firefox 122.0", "Browser"},
	{"Ios 17.2", "Mobile Safari 17.2", "Mobile Apps and Desktop clients"},
	{"Android 14", "Chrome Mobile 121.0", "Mobile Apps and Desktop clients"},
	{"Windows 10", "", "Mobile Apps and Desktop clients"},
}

// The tenant's one conditional access policy: MFA when Identity
// Protection rates a sign-in's risk medium or high. It covers browsers and
// modern clients; legacy protocols (IMAP4) cannot do MFA and fall outside
// it, which is how a password spray gets in.
const (
	mfaPolicyID   = "6701123a-b4c6-48af-8565-565c8bf7cabc"
	mfaPolicyName = "Require MFA for medium and high sign-in risk"
)

// The failure codes the tenant uses, each with Graph's failure reason.
var (
	wrongPassword = Status{ErrorCode: 50126, FailureReason: ptr("Error validating credentials due to invalid username or password.")}
	mfaRequired   = Status{ErrorCode: 50074, FailureReason: ptr("Strong Authentication is required.")}
)

func ptr(s string) *string { return &s }

type user struct {
	name, upn, id string
	home          place
	dev           device
	deviceID      string
	deviceName    string
}

// The incidents' users, by index into the tenant's users: the spray's
// first success falls on the attacker's later victim.
const (
	hammeredUser = 3
	victimUser   = 12
)

// generate returns n sign-ins, newest first, spread over the 29 days before
// now, and nonInteractive more that are non-interactive (token refreshes by
// apps on the user's behalf), which only beta lists. Each carries the
// truth an expert would find in it. The same seed gives the same tenant.
func generate(n, nonInteractive int, seed uint64, now time.Time, domain string) []SignIn {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	users := makeUsers(rng, domain)
	g := generator{rng: rng, now: now, users: users}
	out := make([]SignIn, 0, n)

	// Incidents first, so even a small tenant shows them.
	spray := g.spray(min(n/8, 30))
	out = append(out, spray...)
	out = append(out, g.hammered(min(n/12, 20))...)
	out = append(out, g.attacker(spray, min(n/50, 4))...)
	for len(out) < n {
		out = append(out, g.ordinary())
	}
	return finish(&g, out, n, nonInteractive)
}

func makeUsers(rng *rand.Rand, domain string) []user {
	users := make([]user, 0, len(firstNames))
	for i, f := range firstNames {
		l := lastNames[(i*7)%len(lastNames)]
		u := user{
			name: f + " " + l,
			upn:  strings.ToLower(f+"."+l) + "@" + domain,
			id:   uuid(rng),
			home: homePlaces[rng.IntN(len(homePlaces))],
			dev:  devices[rng.IntN(len(devices))],
		}
		u.deviceID = uuid(rng)
		u.deviceName = fmt.Sprintf("%s-%04X", strings.ToUpper(f), rng.IntN(0x10000))
		users = append(users, u)
	}
	return users
}

type generator struct {
	rng   *rand.Rand
	now   time.Time
	users []user
}

// base is a sign-in of u at t from p, on u's own device, that succeeded
// with no risk: each scenario changes what differs.
func (g *generator) base(u user, t time.Time, p place, ip string) SignIn {
	a := apps[g.rng.IntN(len(apps))]
	return SignIn{
		ID:                      uuid(g.rng),
		CreatedDateTime:         t.UTC().Truncate(time.Millisecond),
		UserDisplayName:         u.name,
		UserPrincipalName:       u.upn,
		UserID:                  u.id,
		AppID:                   a.id,
		AppDisplayName:          a.name,
		IPAddress:               ip,
		ClientAppUsed:           u.dev.client,
		CorrelationID:           uuid(g.rng),
		ConditionalAccessStatus: "notApplied",
		IsInteractive:           true,
		RiskDetail:              "none",
		RiskLevelAggregated:     "none",
		RiskLevelDuringSignIn:   "none",
		RiskState:               "none",
		ResourceDisplayName:     a.resource,
		ResourceID:              a.resourceID,
		DeviceDetail: DeviceDetail{
			DeviceID: u.deviceID, DisplayName: u.deviceName,
			OperatingSystem: u.dev.os, Browser: u.dev.browser,
			IsCompliant: true, IsManaged: true, TrustType: "Azure AD joined",
		},
		Location: Location{
			City: p.city, State: p.state, CountryOrRegion: p.country,
			GeoCoordinates: GeoCoordinates{Latitude: p.lat, Longitude: p.lon},
		},
		AppliedCAPolicies: []AppliedCAPol{mfaPolicy("notApplied")},
		Truth:             TruthNoise,
	}
}

// mfaPolicy is the tenant's MFA policy with a result: notApplied (risk
// below medium, or a legacy client), success (MFA passed) or failure (MFA
// required and not passed).
func mfaPolicy(result string) AppliedCAPol {
	return AppliedCAPol{ID: mfaPolicyID, DisplayName: mfaPolicyName,
		EnforcedGrantControls: []string{"Mfa"}, EnforcedSessionControls: []string{}, Result: result}
}

// risky flags s at level with events, still at risk.
func risky(s *SignIn, level string, events ...string) {
	s.RiskLevelAggregated, s.RiskLevelDuringSignIn, s.RiskState = level, level, "atRisk"
	s.RiskEventTypes, s.RiskEventTypesV2 = events, events
}

// strangerDevice is a device the tenant does not know.
func strangerDevice(s *SignIn, os, browser, client string) {
	s.DeviceDetail = DeviceDetail{OperatingSystem: os, Browser: browser}
	s.ClientAppUsed = client
}

func (g *generator) when(maxAge time.Duration) time.Time {
	return g.now.Add(-time.Duration(g.rng.Int64N(int64(maxAge))))
}

// ordinary is an everyday sign-in: from home (or, unflagged, the
// office or the company VPN: networks.go), on the user's own device. A
// share is flagged low for unfamiliar properties (noise: the user's own
// sign-in), a share was decided earlier (by a colleague, or by the user
// passing MFA), a share are mistyped passwords (not flagged).
func (g *generator) ordinary() SignIn {
	u := g.users[g.rng.IntN(len(g.users))]
	s := g.base(u, g.when(29*24*time.Hour), u.home, g.homeIP(u))
	switch r := g.rng.IntN(20); {
	case r < 4:
		risky(&s, "low", "unfamiliarFeatures")
	case r == 4:
		risky(&s, "low", "unfamiliarFeatures")
		s.RiskState, s.RiskDetail, s.RiskLevelAggregated = "confirmedSafe", "adminConfirmedSigninSafe", "none"
	case r == 5:
		risky(&s, "low", "unfamiliarFeatures")
		s.RiskState, s.RiskDetail, s.RiskLevelAggregated = "dismissed", "adminDismissedAllRiskForUser", "none"
	case r == 6: // flagged medium, the MFA policy asked, the user passed
		risky(&s, "medium", "unfamiliarFeatures")
		s.RiskState, s.RiskDetail, s.RiskLevelAggregated = "remediated", "userPassedMFADrivenByRiskBasedPolicy", "none"
		s.ConditionalAccessStatus, s.AppliedCAPolicies = "success", []AppliedCAPol{mfaPolicy("success")}
	case r < 9:
		s.Status = wrongPassword // a typo, at home
	default:
		// A plain success: from home, or the office, the office's
		// guest Wi-Fi, the company VPN. Decided by the time already
		// drawn, so the tenant's other draws stay as they were.
		switch ms := s.CreatedDateTime.UnixMilli(); {
		case ms%4 == 0:
			s.IPAddress = officeIP(u.home)
		case ms%9 == 1:
			s.IPAddress = vpnIP(u.home)
		case ms%17 == 2:
			s.IPAddress = guestIP(u.home)
		}
	}
	return s
}

// spray: one anonymizer IP trying many users within an hour. Most get the
// password wrong (50126: attempts; the attacker is not in). Every sixth
// gets in over IMAP4, which the MFA policy cannot cover (compromised); a
// few have the right password and are stopped by MFA in a browser (50074:
// compromised, the password is known).
func (g *generator) spray(n int) []SignIn {
	ip := "185.220.101.47"
	p := farPlaces[0]
	start := g.now.Add(-3*24*time.Hour - 5*time.Hour)
	out := make([]SignIn, 0, n)
	for i := range n {
		u := g.users[(victimUser+i)%len(g.users)]
		s := g.base(u, start.Add(time.Duration(i)*97*time.Second), p, ip)
		strangerDevice(&s, "Linux", "Python Requests 2.31", "Browser")
		switch {
		case i%6 == 0:
			risky(&s, "high", "anonymizedIPAddress", "maliciousIPAddress", "passwordSpray")
			s.ClientAppUsed = "IMAP4"
			s.Truth = TruthCompromised
		case i%12 == 9:
			risky(&s, "high", "anonymizedIPAddress", "maliciousIPAddress", "passwordSpray")
			s.Status, s.ConditionalAccessStatus = mfaRequired, "failure"
			s.AppliedCAPolicies = []AppliedCAPol{mfaPolicy("failure")}
			s.Truth = TruthCompromised
		default:
			risky(&s, "high", "anonymizedIPAddress", "maliciousIPAddress")
			s.Status = wrongPassword
			s.Truth = TruthAttempt
		}
		out = append(out, s)
	}
	return out
}

// hammered: one user working from Lagos for a few hours, again and again
// from one hotel IP: flagged for unfamiliar properties, but on their own
// compliant laptop, with MFA passed each time (safe).
func (g *generator) hammered(n int) []SignIn {
	u := g.users[hammeredUser]
	p := farPlaces[1]
	start := g.now.Add(-26 * time.Hour)
	out := make([]SignIn, 0, n)
	for i := range n {
		s := g.base(u, start.Add(time.Duration(i)*11*time.Minute), p, "102.89.34.12")
		risky(&s, "medium", "unfamiliarFeatures")
		s.ConditionalAccessStatus = "success"
		s.AppliedCAPolicies = []AppliedCAPol{mfaPolicy("success")}
		s.Truth = TruthSafe
		out = append(out, s)
	}
	return out
}

// attacker: the account the spray got into first, used from Hanoi over
// IMAP4 in the hours after, while its owner works at home: atypical travel
// from a device the tenant does not know, no MFA (compromised).
func (g *generator) attacker(spray []SignIn, n int) []SignIn {
	if len(spray) == 0 || n == 0 {
		return nil
	}
	u := g.users[victimUser]
	out := make([]SignIn, 0, n)
	for i := range n {
		s := g.base(u, spray[0].CreatedDateTime.Add(time.Duration(2+3*i)*time.Hour), farPlaces[3], "103.21.244.7")
		strangerDevice(&s, "Windows 10", "", "IMAP4")
		risky(&s, "high", "unlikelyTravel", "unfamiliarFeatures")
		s.Truth = TruthCompromised
		out = append(out, s)
	}
	return out
}

func (g *generator) homeIP(u user) string {
	// Each user's home egress is stable-ish: derived from the user ID.
	h := 0
	for _, c := range u.id {
		h = h*31 + int(c)
	}
	if h < 0 {
		h = -h
	}
	return fmt.Sprintf("%d.%d.%d.%d", 20+h%180, (h/7)%250+1, (h/13)%250+1, g.rng.IntN(3)+10)
}

func uuid(rng *rand.Rand) string {
	a, b := rng.Uint64(), rng.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x",
		a>>32, (a>>16)&0xffff, a&0x0fff, (b>>48)&0x3fff|0x8000, b&0xffffffffffff)
}
