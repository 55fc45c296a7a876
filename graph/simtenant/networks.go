package simtenant

import (
	"fmt"
	"net/http"
	"net/netip"
	"slices"
	"strings"
)

// The tenant's networks, as its named locations
// (GET identity/conditionalAccess/namedLocations) describe them, and as
// its sign-ins use them: each home place has an office (trusted; every
// member of staff there signs in through its one egress, officeIP), the
// offices share a guest Wi-Fi (named, not trusted), and the company's VPN
// has an exit in each home place (trusted, vpnIP). A country location
// lists the countries the company works in. Everyday sign-ins
// (ordinary) come from home, the office or the VPN; no attack does.

// PermPolicyRead is the permission reading named locations needs.
const PermPolicyRead = "Policy.Read.All"

// The named locations' ranges.
const (
	guestWiFi = "198.51.100.128/25"
	vpnExits  = "203.0.113.0/27"
)

// officeIP is the office at p's egress: the same for everyone there.
func officeIP(p place) string { return ipOf(198, 51, 100, 10+indexOf(p)) }

// vpnIP is the company VPN's exit at p.
func vpnIP(p place) string { return ipOf(203, 0, 113, 1+indexOf(p)) }

// guestIP is the guest Wi-Fi's egress at the office at p.
func guestIP(p place) string { return ipOf(198, 51, 100, 130+indexOf(p)) }

// NamedLocation is a named location as Graph sends it: an IP location
// (ipRanges, isTrusted) or a country location (countriesAndRegions).
type NamedLocation struct {
	ODataType   string    `json:"@odata.type"`
	ID          string    `json:"id"`
	DisplayName string    `json:"displayName"`
	IsTrusted   *bool     `json:"isTrusted,omitempty"`
	IPRanges    []IPRange `json:"ipRanges,omitempty"`
	// Countries and their lookup, for a country location.
	CountriesAndRegions               []string `json:"countriesAndRegions,omitempty"`
	IncludeUnknownCountriesAndRegions *bool    `json:"includeUnknownCountriesAndRegions,omitempty"`
	CountryLookupMethod               string   `json:"countryLookupMethod,omitempty"`
}

// IPRange is one range of an IP location.
type IPRange struct {
	ODataType   string `json:"@odata.type"`
	CIDRAddress string `json:"cidrAddress"`
}

func ipRange(cidr string) IPRange {
	kind := "#microsoft.graph.iPv4CidrRange"
	if strings.Contains(cidr, ":") {
		kind = "#microsoft.graph.iPv6CidrRange"
	}
	return IPRange{ODataType: kind, CIDRAddress: cidr}
}

func ipLocation(n int, name string, trusted bool, cidrs ...string) NamedLocation {
	l := NamedLocation{ODataType: "#microsoft.graph.ipNamedLocation", ID: fmt.Sprintf("0c9f0000-0000-4000-8000-%012d", n),
		DisplayName: name, IsTrusted: &trusted}
	for _, c := range cidrs {
		l.IPRanges = append(l.IPRanges, ipRange(c))
	}
	return l
}

// NamedLocations are the tenant's named locations.
func NamedLocations() []NamedLocation {
	var out []NamedLocation
	for i, p := range homePlaces {
		cidrs := []string{officeIP(p) + "/32"}
		if i == 0 {
			cidrs = append(cidrs, "2001:db8:10::/48") // the head office has IPv6 too
		}
		out = append(out, ipLocation(i+1, "Office "+p.city, true, cidrs...))
	}
	out = append(out,
		ipLocation(len(out)+1, "Corporate VPN exits", true, vpnExits),
		ipLocation(len(out)+2, "Office guest Wi-Fi", false, guestWiFi))
	var countries []string
	for _, p := range homePlaces {
		if !slices.Contains(countries, p.country) {
			countries = append(countries, p.country)
		}
	}
	no := false
	out = append(out, NamedLocation{ODataType: "#microsoft.graph.countryNamedLocation", ID: fmt.Sprintf("0c9f0000-0000-4000-8000-%012d", len(out)+1),
		DisplayName: "Countries we work in", CountriesAndRegions: countries, IncludeUnknownCountriesAndRegions: &no, CountryLookupMethod: "clientIpAddress"})
	return out
}

// NetworkOf is the named IP locations ip falls in, and whether one of
// them is trusted: what the beta API's networkLocationDetails says.
func NetworkOf(ip string) (names []string, trusted bool) {
	addr, err := netip.ParseAddr(ip)
	if err != nil {
		return nil, false
	}
	for _, l := range NamedLocations() {
		for _, r := range l.IPRanges {
			if p, err := netip.ParsePrefix(r.CIDRAddress); err == nil && p.Contains(addr) {
				names = append(names, l.DisplayName)
				trusted = trusted || *l.IsTrusted
			}
		}
	}
	return names, trusted
}

// NetworkDetail is one entry of the beta API's networkLocationDetails.
type NetworkDetail struct {
	NetworkType  string   `json:"networkType"`
	NetworkNames []string `json:"networkNames"`
}

// betaNetwork fills in networkLocationDetails from the named locations.
func betaNetwork(s *SignIn) {
	names, trusted := NetworkOf(s.IPAddress)
	switch {
	case trusted:
		s.NetworkLocationDetails = []NetworkDetail{{NetworkType: "trusted", NetworkNames: names}}
	case len(names) > 0:
		s.NetworkLocationDetails = []NetworkDetail{{NetworkType: "namedNetwork", NetworkNames: names}}
	}
}

// handleNamedLocations serves GET identity/conditionalAccess/namedLocations:
// every location in one page, or 403 without Policy.Read.All.
func (s *Server) handleNamedLocations(w http.ResponseWriter, r *http.Request) {
	s.serveRead(w, r, "namedLocations", "", func() (int, any) {
		if slices.Contains(s.opts.MissingPermissions, PermPolicyRead) {
			return http.StatusForbidden, denied
		}
		return http.StatusOK, map[string]any{
			"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/namedLocations",
			"value":          NamedLocations(),
		}
	})
}
