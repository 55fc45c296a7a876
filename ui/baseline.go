package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/signin-triage/signin-triage/graph"
)

// baseline is what one user's own sign-ins before a sign-in show as usual
// for them: the countries, IPs, devices, apps and client apps they came
// from, each with how often. The user log (U) stands it above the list,
// and marks what in the sign-in it was opened on is seen for the first
// time.
type baseline struct {
	before    int // the user's sign-ins before the one judged
	countries map[string]int
	ips       map[string]int
	devices   map[string]int    // by deviceKey
	deviceIs  map[string]string // deviceKey -> deviceText
	apps      map[string]int
	clients   map[string]int
}

// newBaseline gathers the user's sign-ins created before s (s itself left
// out) from signIns, which hold that user's history. Sign-ins held at
// risk or confirmed compromised are not usual: an attacker's earlier
// sign-ins from the same place would make theirs look familiar.
func newBaseline(signIns []graph.SignIn, s *graph.SignIn) baseline {
	b := baseline{countries: map[string]int{}, ips: map[string]int{}, devices: map[string]int{},
		apps: map[string]int{}, clients: map[string]int{}, deviceIs: map[string]string{}}
	for i := range signIns {
		o := &signIns[i]
		if o.ID == s.ID || !o.Created.Before(s.Created) || !usualState(o.RiskState) {
			continue
		}
		b.before++
		count(b.countries, placeOf(o).Country)
		count(b.ips, o.IP)
		count(b.devices, deviceKey(o))
		if k := deviceKey(o); k != "" {
			b.deviceIs[k] = deviceText(o)
		}
		count(b.apps, o.App)
		count(b.clients, o.ClientApp)
	}
	return b
}

// usualState reports a risk state a baseline counts: never flagged, or
// decided safe (confirmed safe, dismissed, remediated by the user).
func usualState(st graph.RiskState) bool {
	switch st {
	case graph.RiskStateNone, graph.RiskStateConfirmedSafe, graph.RiskStateDismissed, graph.RiskStateRemediated:
		return true
	}
	return false
}

func count(m map[string]int, k string) {
	if k != "" {
		m[k]++
	}
}

// deviceKey names a device as far as the sign-in knows it: its ID when
// the tenant knows the device, else what it ran (an unregistered device
// is told apart only by its OS and browser).
func deviceKey(s *graph.SignIn) string {
	d := deviceOf(s)
	if d.DeviceID != "" {
		return d.DeviceID
	}
	if d.OS == "" && d.Browser == "" {
		return ""
	}
	return "unregistered " + orDashText(d.OS) + " · " + orDashText(d.Browser)
}

// deviceText describes a device of the user's for the baseline: its ID
// (shortened), what it runs, and whether the tenant trusts it.
func deviceText(s *graph.SignIn) string {
	d := deviceOf(s)
	if d.DeviceID == "" {
		return deviceKey(s)
	}
	var trust []string
	if d.Compliant == graph.Yes {
		trust = append(trust, "compliant")
	}
	if d.Managed == graph.Yes {
		trust = append(trust, "managed")
	}
	text := shortID(d.DeviceID) + "… " + orDashText(d.OS) + " · " + orDashText(d.Browser)
	if len(trust) > 0 {
		text += " (" + strings.Join(trust, ", ") + ")"
	}
	return text
}

// firstTimes are what s shows that the baseline has not: a new country,
// IP, device or client app. None when the baseline is empty: with no
// earlier sign-in, nothing is new or usual.
func (b baseline) firstTimes(s *graph.SignIn) []string {
	if b.before == 0 {
		return nil
	}
	var out []string
	if c := placeOf(s).Country; c != "" && b.countries[c] == 0 {
		out = append(out, "new country "+c)
	}
	if s.IP != "" && b.ips[s.IP] == 0 {
		out = append(out, "new IP "+s.IP)
	}
	if k := deviceKey(s); k != "" && b.devices[k] == 0 {
		out = append(out, "new device")
	}
	if s.ClientApp != "" && b.clients[s.ClientApp] == 0 {
		out = append(out, "new client app "+s.ClientApp)
	}
	return out
}

// usual lists the most frequent keys of m, most first, "key ×n", at most
// n of them and how many more.
func usual(m map[string]int, n int, name func(string) string) string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b string) int { return cmp.Or(cmp.Compare(m[b], m[a]), strings.Compare(a, b)) })
	if len(keys) == 0 {
		return "none"
	}
	var parts []string
	for i, k := range keys {
		if i == n {
			parts = append(parts, fmt.Sprintf("+%d more", len(keys)-n))
			break
		}
		parts = append(parts, fmt.Sprintf("%s ×%d", name(k), m[k]))
	}
	return strings.Join(parts, ", ")
}
