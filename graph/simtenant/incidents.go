package simtenant

import (
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// Practice tenants (Options.Practice): each seed but 1 draws three to
// five incidents from a library, gives each its own users, places, times
// and IDs, and mixes them with the same users' everyday sign-ins, so an
// analyst learns the method rather than the answers. Seed 1 is the
// README's tenant.
//
// Every incident is decidable from what the screen shows: the result
// and its code, the MFA line, the client app, the device, and the
// user's own history (U) for the device and IP they usually sign in
// from. TestPracticeTenantsAgreeWithThemselves holds each seed to that.

// incidentKind is one kind of incident in the library.
type incidentKind struct {
	name string
	make func(g *generator, us []user, at time.Time) []SignIn
	// users is how many users it needs (a spray takes several).
	users int
}

// library is every kind of incident a practice tenant draws from.
var library = []incidentKind{
	{"a password spray with some successes", (*generator).sprayWithSuccesses, 12},
	{"a password spray where every attempt failed", (*generator).sprayAllFailed, 10},
	{"MFA fatigue ending in a success", (*generator).mfaFatigue, 1},
	{"adversary-in-the-middle and token replay", (*generator).aitmReplay, 1},
	{"leaked credentials used over IMAP", (*generator).legacyLeak, 1},
	{"a benign traveller", (*generator).traveller, 1},
	{"a benign VPN exit abroad", (*generator).vpnAbroad, 1},
	{"benign impossible travel between two offices", (*generator).twoOffices, 1},
	{"a benign new phone", (*generator).newPhone, 1},
}

// Incident names a kind of incident a practice tenant holds, and its
// users.
type Incident struct {
	Kind  string
	Users []string // UPNs
}

// practice returns n sign-ins (and nonInteractive more) of a tenant drawn
// from the library: its incidents first, then everyday sign-ins.
func practice(n, nonInteractive int, seed uint64, now time.Time, domain string) []SignIn {
	rng := rand.New(rand.NewPCG(seed, seed^0x5851f42d4c957f2d))
	users := makeUsers(rng, domain)
	g := generator{rng: rng, now: now, users: users}
	kinds := rng.Perm(len(library))[:3+rng.IntN(3)]
	order := rng.Perm(len(users)) // each incident's users are its own
	var out []SignIn
	for _, k := range kinds {
		kind := library[k]
		var mine []user
		for _, i := range order[:kind.users] {
			mine = append(mine, users[i])
		}
		order = order[kind.users:]
		at := now.Add(-time.Duration(2+rng.IntN(10))*24*time.Hour - time.Duration(rng.IntN(20))*time.Hour)
		// The history an analyst reads with U: home, on their own
		// device, in the weeks before.
		for _, u := range mine {
			for range 4 + rng.IntN(4) {
				out = append(out, g.everyday(u, at.Add(-time.Duration(1+rng.Int64N(int64(16*24*time.Hour))))))
			}
		}
		for _, s := range kind.make(&g, mine, at) {
			if s.RiskState == "atRisk" { // not the everyday ones it adds (twoOffices)
				s.Incident = kind.name
			}
			out = append(out, s)
		}
	}
	for len(out) < n {
		out = append(out, g.ordinary())
	}
	return finish(&g, out, n, nonInteractive)
}

// finish cuts the tenant to n sign-ins, adds the non-interactive ones,
// and sorts it newest first.
func finish(g *generator, out []SignIn, n, nonInteractive int) []SignIn {
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

// everyday is u's own unflagged sign-in at t, from home on their device
// and the home IP a new phone of theirs will use.
func (g *generator) everyday(u user, t time.Time) SignIn {
	return g.base(u, t, u.home, g.usualIP(u))
}

// sprayed is one attempt of a spray from ip at p on u, a stranger's
// script, failing on a wrong password: an attempt.
func (g *generator) sprayed(u user, t time.Time, p place, ip string) SignIn {
	s := g.base(u, t, p, ip)
	strangerDevice(&s, "Linux", "Python Requests 2.31", "Browser")
	risky(&s, "high", "anonymizedIPAddress", "passwordSpray")
	s.Status = wrongPassword
	s.Truth, s.Why = TruthAttempt, "the spray got the password wrong: the attacker is not in: dismiss, or leave it"
	return s
}

// sprayWithSuccesses: one IP tries twelve users in an hour; two get in
// over IMAP4, which MFA cannot cover, one has the right password and is
// stopped by MFA (all three compromised), the rest are wrong passwords.
func (g *generator) sprayWithSuccesses(us []user, at time.Time) []SignIn {
	p, ip := farPlaces[g.rng.IntN(len(farPlaces))], g.farIP()
	var out []SignIn
	for i, v := range us {
		s := g.sprayed(v, at.Add(time.Duration(i)*83*time.Second), p, ip)
		switch i {
		case 2, 7:
			s.Status, s.ClientAppUsed = Status{}, "IMAP4"
			risky(&s, "high", "anonymizedIPAddress", "passwordSpray", "maliciousIPAddress")
			s.Truth, s.Why = TruthCompromised, "the spray signed in over IMAP4 (no MFA possible): the password is known: confirm compromised"
		case 5:
			s.Status, s.ConditionalAccessStatus = mfaRequired, "failure"
			s.AppliedCAPolicies = []AppliedCAPol{mfaPolicy("failure")}
			s.Truth, s.Why = TruthCompromised, "the spray had the right password and MFA stopped it: the password is known: confirm compromised"
		}
		out = append(out, s)
	}
	return out
}

// sprayAllFailed: one IP tries ten users; every password is wrong.
func (g *generator) sprayAllFailed(us []user, at time.Time) []SignIn {
	p, ip := farPlaces[g.rng.IntN(len(farPlaces))], g.farIP()
	var out []SignIn
	for i, v := range us {
		out = append(out, g.sprayed(v, at.Add(time.Duration(i)*71*time.Second), p, ip))
	}
	return out
}

// mfaFatigue: an attacker with u's password pushes MFA prompts from
// abroad until u gives in: denials (500121), then a success with MFA
// passed, all on a device the tenant does not know.
func (g *generator) mfaFatigue(us []user, at time.Time) []SignIn {
	u := us[0]
	p, ip := farPlaces[g.rng.IntN(len(farPlaces))], g.farIP()
	denials := 4 + g.rng.IntN(4)
	var out []SignIn
	for i := range denials + 1 {
		s := g.base(u, at.Add(time.Duration(i)*3*time.Minute), p, ip)
		strangerDevice(&s, "Windows 10", "Chrome 121.0.0", "Browser")
		risky(&s, "medium", "unfamiliarFeatures")
		if i < denials {
			s.Status = Status{ErrorCode: 500121, FailureReason: ptr("Authentication failed during strong authentication request."),
				AdditionalDetails: ptr("MFA denied; user declined the authentication")}
			s.ConditionalAccessStatus, s.AppliedCAPolicies = "failure", []AppliedCAPol{mfaPolicy("failure")}
		} else {
			s.ConditionalAccessStatus, s.AppliedCAPolicies = "success", []AppliedCAPol{mfaPolicy("success")}
		}
		s.Truth, s.Why = TruthCompromised, "MFA prompts denied again and again from abroad, then one accepted: the password is known: confirm compromised"
		out = append(out, s)
	}
	return out
}

// aitmReplay: u signs in through a phishing proxy (MFA passed, relayed)
// and the stolen session is replayed from elsewhere: the MFA claim came
// in the token, on a device the tenant does not know.
func (g *generator) aitmReplay(us []user, at time.Time) []SignIn {
	u := us[0]
	proxy := g.base(u, at, homePlaces[7], g.farIP())
	strangerDevice(&proxy, u.dev.os, u.dev.browser, "Browser")
	risky(&proxy, "high", "attackerinTheMiddle")
	proxy.ConditionalAccessStatus, proxy.AppliedCAPolicies = "success", []AppliedCAPol{mfaPolicy("success")}
	proxy.Truth, proxy.Why = TruthCompromised, "the sign-in passed through a phishing proxy, which relays MFA: confirm compromised"
	out := []SignIn{proxy}
	p, ip := farPlaces[g.rng.IntN(len(farPlaces))], g.farIP()
	for i := range 2 + g.rng.IntN(2) {
		s := g.base(u, at.Add(time.Duration(20+40*i)*time.Minute), p, ip)
		strangerDevice(&s, "Windows 10", "Chrome 121.0.0", "Browser")
		risky(&s, "high", "anomalousToken", "unfamiliarFeatures")
		s.Status.AdditionalDetails = ptr("MFA requirement satisfied by claim in the token")
		s.Truth, s.Why = TruthCompromised, "the stolen session replayed from abroad (MFA only from the token's claim): confirm compromised"
		out = append(out, s)
	}
	return out
}

// legacyLeak: u's leaked password used over IMAP4 from abroad: a
// success, single-factor, on no known device.
func (g *generator) legacyLeak(us []user, at time.Time) []SignIn {
	u := us[0]
	p, ip := farPlaces[g.rng.IntN(len(farPlaces))], g.farIP()
	var out []SignIn
	for i := range 2 + g.rng.IntN(3) {
		s := g.base(u, at.Add(time.Duration(i)*47*time.Minute), p, ip)
		strangerDevice(&s, "", "", "IMAP4")
		risky(&s, "high", "unfamiliarFeatures", "maliciousIPAddress")
		s.Truth, s.Why = TruthCompromised, "the password worked over IMAP4 from abroad on no known device: confirm compromised"
		out = append(out, s)
	}
	return out
}

// ownAbroad is u on their own compliant device at t from p (ip), MFA
// passed: the shape of every benign incident but the new phone.
func (g *generator) ownAbroad(u user, t time.Time, p place, ip, why string, level string, events ...string) SignIn {
	s := g.base(u, t, p, ip)
	risky(&s, level, events...)
	s.ConditionalAccessStatus, s.AppliedCAPolicies = "success", []AppliedCAPol{mfaPolicy("success")}
	s.Truth, s.Why = TruthSafe, why
	return s
}

// traveller: u works from a hotel abroad for a few hours, on their own
// laptop, passing MFA each time.
func (g *generator) traveller(us []user, at time.Time) []SignIn {
	u := us[0]
	p, ip := farPlaces[g.rng.IntN(len(farPlaces))], g.farIP()
	var out []SignIn
	for i := range 3 + g.rng.IntN(4) {
		out = append(out, g.ownAbroad(u, at.Add(time.Duration(i)*17*time.Minute), p, ip,
			"the user's own compliant laptop, seen before, passed MFA while travelling: confirm safe", "medium", "unfamiliarFeatures"))
	}
	return out
}

// vpnAbroad: u's own laptop through the company VPN's exit in another
// country (a trusted named location), which Identity Protection takes
// for an anonymizer: an anonymized IP, MFA passed.
func (g *generator) vpnAbroad(us []user, at time.Time) []SignIn {
	u := us[0]
	p := homePlaces[(indexOf(u.home)+5)%len(homePlaces)]
	ip := vpnIP(p)
	var out []SignIn
	for i := range 2 + g.rng.IntN(3) {
		out = append(out, g.ownAbroad(u, at.Add(time.Duration(i)*29*time.Minute), p, ip,
			"the user's own compliant laptop, seen before, through the company's VPN exit abroad (a trusted named location), passed MFA: confirm safe", "medium", "anonymizedIPAddress"))
	}
	return out
}

// twoOffices: u works from two of the company's offices, and a sign-in
// at the second comes an hour after one at the first: impossible
// travel, on the same laptop, with both offices in the user's history.
func (g *generator) twoOffices(us []user, at time.Time) []SignIn {
	u := us[0]
	second := homePlaces[(indexOf(u.home)+3)%len(homePlaces)]
	office := officeIP(second)
	var out []SignIn
	for i := range 3 {
		out = append(out, g.base(u, at.Add(-time.Duration(3+4*i)*24*time.Hour), second, office))
	}
	out = append(out, g.everyday(u, at.Add(-time.Hour)))
	out = append(out, g.ownAbroad(u, at, second, office,
		"the same compliant laptop at the company's other office, where the user signed in before: confirm safe", "medium", "unlikelyTravel"))
	return out
}

// newPhone: u sets up a new phone at home: a device the tenant does not
// know yet, from the home IP the user always signs in from, MFA passed.
func (g *generator) newPhone(us []user, at time.Time) []SignIn {
	u := us[0]
	var out []SignIn
	for i := range 2 + g.rng.IntN(2) {
		s := g.base(u, at.Add(time.Duration(i)*6*time.Minute), u.home, g.usualIP(u))
		strangerDevice(&s, "Ios 17.4", "", "Mobile Apps and Desktop clients")
		risky(&s, "low", "unfamiliarFeatures")
		s.ConditionalAccessStatus, s.AppliedCAPolicies = "success", []AppliedCAPol{mfaPolicy("success")}
		s.Truth, s.Why = TruthSafe, "a new phone from the home IP the user always signs in from, MFA passed: confirm safe"
		out = append(out, s)
	}
	return out
}

// farIP is an address in no user's home range.
func (g *generator) farIP() string {
	return ipOf(200+g.rng.IntN(20), g.rng.IntN(250)+1, g.rng.IntN(250)+1, g.rng.IntN(250)+1)
}

// usualIP is u's home egress as their everyday sign-ins in a practice
// tenant show it: the address homeIP varies, at its first host.
func (g *generator) usualIP(u user) string {
	ip := g.homeIP(u)
	return ip[:strings.LastIndexByte(ip, '.')] + ".10"
}

func ipOf(a, b, c, d int) string { return fmt.Sprintf("%d.%d.%d.%d", a, b, c, d) }

func indexOf(p place) int {
	for i := range homePlaces {
		if homePlaces[i] == p {
			return i
		}
	}
	return 0
}
