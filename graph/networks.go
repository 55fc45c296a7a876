package graph

import (
	"net/netip"
	"slices"
	"strings"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// The tenant's own networks: its named locations
// (identity/conditionalAccess/namedLocations, docs/graph.md "Named
// locations"), which say which IP ranges are its offices and VPN exits,
// and which of them it trusts. A sign-in from one of them is marked; the
// beta API also says so on the sign-in itself (networkLocationDetails).

// NamedLocation is one named location: IP ranges, or countries.
type NamedLocation struct {
	Name string
	// Trusted is isTrusted of an IP location; a country location is never
	// trusted.
	Trusted bool
	Ranges  []netip.Prefix
	// Countries are a country location's two-letter codes; Unknown says
	// it includes sign-ins whose country is unknown.
	Countries []string
	Unknown   bool
	// cut says Graph listed more ranges than MaxNamedRanges.
	cut bool
}

// IsCountry reports whether the location is a list of countries.
func (l NamedLocation) IsCountry() bool {
	return len(l.Ranges) == 0 && (len(l.Countries) > 0 || l.Unknown)
}

// Network is what the tenant's named locations say of a sign-in's IP
// address: the IP locations it falls in (trusted ones first), and whether
// any of them is trusted. A sign-in's Net is nil while that is not known
// (the named locations not read, no beta details); a Network with no
// names is known to be in none.
type Network struct {
	Names   []string
	Trusted bool
}

// Named reports whether the IP is in any named location.
func (n *Network) Named() bool { return n != nil && len(n.Names) > 0 }

// Label is the locations' names, comma-separated ("" for none).
func (n *Network) Label() string {
	if n == nil {
		return ""
	}
	return strings.Join(n.Names, ", ")
}

// Networks are the tenant's named locations, as read once a session, and
// what each IP address reached falls in (cached: a tenant's sign-ins
// repeat a few hundred addresses). Not safe for concurrent use: the UI
// owns it.
type Networks struct {
	Locations []NamedLocation
	// More says the read stopped at MaxNamedLocations or MaxNamedRanges.
	More bool
	// byBits indexes the ranges by their length: a range of n bits is
	// found by masking an address to n bits, so an address is matched
	// in as many lookups as there are lengths (at most 129), whatever
	// the number of ranges. bits lists the lengths present.
	byBits map[int]map[netip.Prefix][]int
	bits   []int
	byIP   map[string]*Network
	none   *Network
	ready  bool
}

// NewNetworks indexes locations.
func NewNetworks(locations []NamedLocation, more bool) *Networks {
	n := &Networks{Locations: locations, More: more, byBits: map[int]map[netip.Prefix][]int{},
		byIP: map[string]*Network{}, none: &Network{}, ready: true}
	for i, l := range locations {
		for _, p := range l.Ranges {
			p = p.Masked()
			m := n.byBits[p.Bits()]
			if m == nil {
				m = map[netip.Prefix][]int{}
				n.byBits[p.Bits()] = m
				n.bits = append(n.bits, p.Bits())
			}
			if !slices.Contains(m[p], i) {
				m[p] = append(m[p], i)
			}
		}
	}
	return n
}

// IPLocations counts the IP locations, and how many of them are trusted.
func (n *Networks) IPLocations() (all, trusted int) {
	for _, l := range n.Locations {
		if !l.IsCountry() {
			all++
			if l.Trusted {
				trusted++
			}
		}
	}
	return all, trusted
}

// Of is the network of ip: shared among the sign-ins from the same
// address; nil when n was not read, or, for an address in none of the
// locations read (or one that does not parse), when the read stopped
// short (More); otherwise such an address is in none.
func (n *Networks) Of(ip string) *Network {
	if n == nil || !n.ready {
		return nil
	}
	if v, ok := n.byIP[ip]; ok {
		return v
	}
	v := n.none
	if n.More {
		v = nil // the read stopped short: in none of those read is not in none
	}
	if addr, err := netip.ParseAddr(ip); err == nil {
		if in := n.match(addr.Unmap()); len(in.Names) > 0 {
			v = &in
		}
	}
	if len(n.byIP) < maxCachedIPs {
		n.byIP[ip] = v
	}
	return v
}

// maxCachedIPs bounds the cache of addresses matched: a listing of
// 100,000 sign-ins from as many addresses fits.
const maxCachedIPs = 200_000

// match is the network of addr: each location holding it once, trusted
// ones first, in the order Graph listed them.
func (n *Networks) match(addr netip.Addr) Network {
	seen := map[int]bool{}
	var trusted, other []int
	for _, bits := range n.bits {
		if bits > addr.BitLen() {
			continue
		}
		p, err := addr.Prefix(bits)
		if err != nil {
			continue
		}
		for _, i := range n.byBits[bits][p] {
			switch {
			case seen[i]:
			case n.Locations[i].Trusted:
				trusted = append(trusted, i)
			default:
				other = append(other, i)
			}
			seen[i] = true
		}
	}
	slices.Sort(trusted)
	slices.Sort(other)
	var in Network
	in.Trusted = len(trusted) > 0 // from every hit, before the names are cut
	for _, i := range append(trusted, other...) {
		if len(in.Names) == maxNetworkNames {
			break
		}
		in.Names = append(in.Names, n.Locations[i].Name)
	}
	return in
}

// Mark sets s.Net from the named locations, kept with what the beta API
// said of it (networkLocationDetails, already in s.Net): a location
// either names counts.
func (n *Networks) Mark(s *SignIn) {
	mine := n.Of(s.IP)
	switch {
	case mine == nil || s.Net == mine:
		// not read, or marked already
	case s.Net == nil:
		s.Net = mine
	default:
		s.Net = merge(mine, s.Net)
	}
}

// merge is a and b's names, each once, trusted if either is.
func merge(a, b *Network) *Network {
	if !b.Named() && !b.Trusted {
		return a
	}
	out := Network{Names: slices.Clone(a.Names), Trusted: a.Trusted || b.Trusted}
	for _, name := range b.Names {
		if !slices.Contains(out.Names, name) {
			out.Names = append(out.Names, name)
		}
	}
	return &out
}

// Countries are the country locations that hold cc (a two-letter code;
// empty is unknown).
func (n *Networks) Countries(cc string) []string {
	if n == nil {
		return nil
	}
	var out []string
	for _, l := range n.Locations {
		if !l.IsCountry() {
			continue
		}
		if (cc == "" && l.Unknown) || (cc != "" && slices.ContainsFunc(l.Countries, func(c string) bool { return strings.EqualFold(c, cc) })) {
			out = append(out, l.Name)
		}
	}
	return out
}

// betaNetworkOf reads the beta-only networkLocationDetails of a sign-in
// ([{networkType, networkNames}]): namedNetwork and trusted (Microsoft's
// enum: intranet, extranet, namedNetwork, trusted; trustedNetwork and
// trustedNamedLocation are taken too, any case) name locations; nil when
// it says nothing of them.
func betaNetworkOf(extra map[string]any, in *interner) *Network {
	details, _ := extra["networkLocationDetails"].([]any)
	var out Network
	for _, d := range details {
		m, ok := d.(map[string]any)
		if !ok {
			continue
		}
		kind := strings.ToLower(rawText(m["networkType"]))
		trusted := kind == "trusted" || kind == "trustednetwork" || kind == "trustednamedlocation"
		if kind != "namednetwork" && !trusted {
			continue
		}
		out.Trusted = out.Trusted || trusted
		names, _ := m["networkNames"].([]any)
		for _, v := range names {
			name := in.str(sanitize.String(rawText(v)))
			if name != "" && !slices.Contains(out.Names, name) && len(out.Names) < maxNetworkNames {
				out.Names = append(out.Names, name)
			}
		}
	}
	if !out.Trusted && len(out.Names) == 0 {
		return nil
	}
	if len(out.Names) == 0 {
		out.Names = []string{"trusted network"}
	}
	return &out
}

// maxNetworkNames bounds the names one sign-in's beta details may carry.
const maxNetworkNames = 16
