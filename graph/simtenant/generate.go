package simtenant

import (
	"fmt"
	"math/rand/v2"
	"sort"
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

var devices = []device{
	{"Windows 10", "Edge 120.0.2210", "Browser"},
	{"Windows 11", "Chrome 121.0.0", "Browser"},
	{"MacOs", "Safari 17.2", "Browser"},
	{"MacOs", "Firefox 122.0", "Browser"},
	{"Ios 17.2", "Mobile Safari 17.2", "Mobile Apps and Desktop clients"},
	{"Android 14", "Chrome Mobile 121.0", "Mobile Apps and Desktop clients"},
	{"Windows 10", "", "Mobile Apps and Desktop clients"},
	{"Linux", "Python Requests 2.31", "Other clients"},
}

var riskEvents = []string{
	"unfamiliarFeatures", "anonymizedIPAddress", "unlikelyTravel", "maliciousIPAddress",
	"suspiciousIPAddress", "malwareInfectedIPAddress", "leakedCredentials", "investigationsThreatIntelligence",
}

var failures = []struct {
	code   int32
	reason string
}{
	{50126, "Error validating credentials due to invalid username or password."},
	{50053, "Account is locked because user tried to sign in too many times with an incorrect user ID or password."},
	{53003, "Access has been blocked by Conditional Access policies."},
	{50074, "Strong Authentication is required."},
}

type user struct {
	name, upn, id string
	home          place
}

// generate returns n sign-ins, newest first, spread over the 29 days before
// now, and nonInteractive more that are non-interactive (token refreshes by
// apps on the user's behalf), which only beta lists. The same seed gives the
// same tenant.
func generate(n, nonInteractive int, seed uint64, now time.Time, domain string) []SignIn {
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	users := makeUsers(rng, domain)
	g := generator{rng: rng, now: now, users: users}
	out := make([]SignIn, 0, n)

	// Incidents first, so even a small tenant shows them.
	out = append(out, g.spray(min(n/10, 40))...)
	out = append(out, g.hammered(min(n/12, 30))...)
	out = append(out, g.traveller(min(n/40, 6))...)
	for len(out) < n {
		out = append(out, g.ordinary())
	}
	out = out[:n]
	for range nonInteractive {
		s := g.ordinary()
		s.IsInteractive, s.ClientAppUsed = false, "Mobile Apps and Desktop clients"
		out = append(out, s)
	}
	for i := range out {
		if out[i].IsInteractive {
			out[i].SignInEventTypes = []string{"interactiveUser"}
		} else {
			out[i].SignInEventTypes = []string{"nonInteractiveUser"}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].CreatedDateTime.After(out[j].CreatedDateTime) })
	return out
}

func makeUsers(rng *rand.Rand, domain string) []user {
	users := make([]user, 0, len(firstNames))
	for i, f := range firstNames {
		l := lastNames[(i*7)%len(lastNames)]
		users = append(users, user{
			name: f + " " + l,
			upn:  strings.ToLower(f+"."+l) + "@" + domain,
			id:   uuid(rng),
			home: homePlaces[rng.IntN(len(homePlaces))],
		})
	}
	return users
}

type generator struct {
	rng   *rand.Rand
	now   time.Time
	users []user
	seq   int
}

// base is a sign-in of u at t from p with everything else plausible.
func (g *generator) base(u user, t time.Time, p place, ip string) SignIn {
	a := apps[g.rng.IntN(len(apps))]
	d := devices[g.rng.IntN(len(devices))]
	g.seq++
	return SignIn{
		ID:                      uuid(g.rng),
		CreatedDateTime:         t.UTC().Truncate(time.Millisecond),
		UserDisplayName:         u.name,
		UserPrincipalName:       u.upn,
		UserID:                  u.id,
		AppID:                   a.id,
		AppDisplayName:          a.name,
		IPAddress:               ip,
		ClientAppUsed:           d.client,
		CorrelationID:           uuid(g.rng),
		ConditionalAccessStatus: []string{"success", "notApplied", "notApplied", "failure"}[g.rng.IntN(4)],
		IsInteractive:           true,
		RiskDetail:              "none",
		RiskLevelAggregated:     "none",
		RiskLevelDuringSignIn:   "none",
		RiskState:               "none",
		ResourceDisplayName:     a.resource,
		ResourceID:              a.resourceID,
		DeviceDetail: DeviceDetail{
			OperatingSystem: d.os,
			Browser:         d.browser,
			DisplayName:     "",
			TrustType:       "",
		},
		Location: Location{
			City: p.city, State: p.state, CountryOrRegion: p.country,
			GeoCoordinates: GeoCoordinates{Latitude: p.lat, Longitude: p.lon},
		},
		AppliedCAPolicies: []AppliedCAPol{{
			ID: "6701123a-b4c6-48af-8565-565c8bf7cabc", DisplayName: "Require MFA for risky sign-ins",
			EnforcedGrantControls: []string{"Mfa"}, EnforcedSessionControls: []string{}, Result: "notApplied",
		}},
	}
}

func (g *generator) risky(s *SignIn, level string, events ...string) {
	s.RiskLevelAggregated = level
	s.RiskLevelDuringSignIn = level
	s.RiskState = "atRisk"
	s.RiskEventTypes = events
	s.RiskEventTypesV2 = events
	// A share of older verdicts, so that reviewing past decisions has data.
	switch r := g.rng.IntN(20); {
	case r == 0:
		s.RiskState, s.RiskDetail, s.RiskLevelAggregated = "confirmedSafe", "adminConfirmedSigninSafe", "none"
	case r == 1:
		s.RiskState, s.RiskDetail, s.RiskLevelAggregated = "dismissed", "adminDismissedAllRiskForUser", "none"
	case r == 2:
		s.RiskState, s.RiskDetail = "remediated", "userPassedMFADrivenByRiskBasedPolicy"
	}
}

func (g *generator) fail(s *SignIn) {
	f := failures[g.rng.IntN(len(failures))]
	s.Status = Status{ErrorCode: f.code, FailureReason: &f.reason}
}

func (g *generator) when(maxAge time.Duration) time.Time {
	return g.now.Add(-time.Duration(g.rng.Int64N(int64(maxAge))))
}

// ordinary is an everyday sign-in: mostly from home and harmless; a share
// flagged risky at some level, a share failed.
func (g *generator) ordinary() SignIn {
	u := g.users[g.rng.IntN(len(g.users))]
	p, ip := u.home, g.homeIP(u)
	far := g.rng.IntN(4) == 0
	if far {
		p, ip = farPlaces[g.rng.IntN(len(farPlaces))], g.publicIP()
	}
	s := g.base(u, g.when(29*24*time.Hour), p, ip)
	switch r := g.rng.IntN(10); {
	case far || r < 5:
		level := []string{"low", "medium", "medium", "high"}[g.rng.IntN(4)]
		g.risky(&s, level, riskEvents[g.rng.IntN(len(riskEvents))])
	case r < 7:
		g.risky(&s, "low", "unfamiliarFeatures")
	}
	if g.rng.IntN(6) == 0 {
		g.fail(&s)
	}
	return s
}

// spray: one anonymizer IP trying many users within two hours, most failing.
func (g *generator) spray(n int) []SignIn {
	ip := "185.220.101.47"
	p := farPlaces[0]
	start := g.now.Add(-3*24*time.Hour - 5*time.Hour)
	out := make([]SignIn, 0, n)
	for i := range n {
		u := g.users[i%len(g.users)]
		s := g.base(u, start.Add(time.Duration(i)*97*time.Second), p, ip)
		s.ClientAppUsed = "Other clients"
		s.DeviceDetail = DeviceDetail{OperatingSystem: "Linux", Browser: "Python Requests 2.31"}
		g.risky(&s, "high", "anonymizedIPAddress", "maliciousIPAddress")
		if i%5 != 0 { // a wrong password: its code and reason agree
			wrong := failures[0]
			s.Status = Status{ErrorCode: wrong.code, FailureReason: &wrong.reason}
		}
		out = append(out, s)
	}
	return out
}

// hammered: one user signing in again and again from one foreign IP.
func (g *generator) hammered(n int) []SignIn {
	u := g.users[3]
	ip := "102.89.34.12"
	p := farPlaces[1]
	start := g.now.Add(-26 * time.Hour)
	out := make([]SignIn, 0, n)
	for i := range n {
		s := g.base(u, start.Add(time.Duration(i)*11*time.Minute), p, ip)
		g.risky(&s, "medium", "unfamiliarFeatures", "suspiciousIPAddress")
		out = append(out, s)
	}
	return out
}

// traveller: one user in several countries within a day (unlikely travel).
func (g *generator) traveller(n int) []SignIn {
	u := g.users[11]
	start := g.now.Add(-6 * 24 * time.Hour)
	out := make([]SignIn, 0, n)
	for i := range n {
		p := farPlaces[(i+2)%len(farPlaces)]
		if i%2 == 0 {
			p = u.home
		}
		s := g.base(u, start.Add(time.Duration(i)*3*time.Hour), p, g.publicIP())
		g.risky(&s, "high", "unlikelyTravel")
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

func (g *generator) publicIP() string {
	if g.rng.IntN(8) == 0 {
		return fmt.Sprintf("2a02:%x:%x::%x", g.rng.IntN(0xffff), g.rng.IntN(0xffff), g.rng.IntN(0xffff))
	}
	first := []int{31, 45, 77, 89, 91, 103, 146, 176, 185, 196}[g.rng.IntN(10)]
	return fmt.Sprintf("%d.%d.%d.%d", first, g.rng.IntN(255), g.rng.IntN(255), g.rng.IntN(254)+1)
}

func uuid(rng *rand.Rand) string {
	a, b := rng.Uint64(), rng.Uint64()
	return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x",
		a>>32, (a>>16)&0xffff, a&0x0fff, (b>>48)&0x3fff|0x8000, b&0xffffffffffff)
}
