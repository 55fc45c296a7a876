package graph

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/identity"
	"github.com/microsoftgraph/msgraph-sdk-go/models"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// OpNamedLocations is reading the tenant's named locations.
const OpNamedLocations Op = "read named locations"

// PermPolicyRead is the least-privileged permission Microsoft documents
// for reading named locations (docs/graph.md "Named locations").
const PermPolicyRead = "Policy.Read.All"

// The bounds of one read: this tool's, well above what a tenant holds,
// so a hostile reply cannot grow the session without end.
const (
	MaxNamedLocations  = 1000
	MaxNamedRanges     = 50000
	namedLocationsPage = 200
	// maxNamedPages bounds the pages of one read: pages that bring
	// nothing this tool reads (empty, or of unknown kinds) still end.
	maxNamedPages = MaxNamedLocations/namedLocationsPage + 10
	// minPrefixBits is the shortest range taken: Entra takes none
	// shorter than /8, and a hostile 0.0.0.0/0 marked trusted would mark
	// every sign-in trusted.
	minPrefixBits = 8
)

// NamedLocations reads the tenant's named locations page by page, paced
// like the other reads, up to MaxNamedLocations locations and
// MaxNamedRanges IP ranges; more says the read stopped there. A range
// that does not parse is left out; a location left with nothing is too.
func (c *Client) NamedLocations(ctx context.Context) (locs []NamedLocation, more bool, err error) {
	ranges := 0
	next := ""
	seen := map[string]bool{}
	for pages := 1; ; pages++ {
		page, link, cut, err := c.namedLocationsPage(ctx, next)
		if err != nil {
			return locs, false, err
		}
		for _, l := range page {
			if len(locs) == MaxNamedLocations || ranges+len(l.Ranges) > MaxNamedRanges {
				return locs, true, nil
			}
			ranges += len(l.Ranges)
			locs = append(locs, l)
			more = more || l.cut
		}
		more = more || cut
		switch {
		case link == "":
			return locs, more, nil
		case seen[link] || pages == maxNamedPages:
			return locs, true, nil // a loop, or pages without end
		}
		seen[link] = true
		next = link
	}
}

// namedLocationsPage reads one page: the first when next is empty.
// cut says the page held more locations than asked for, and the rest
// were not read.
func (c *Client) namedLocationsPage(ctx context.Context, next string) (locs []NamedLocation, link string, cut bool, err error) {
	if next != "" && !sameOrigin(next, c.root) {
		return nil, "", false, &Error{Op: OpNamedLocations, Kind: KindUnsafeReply, Host: c.host,
			Err: fmt.Errorf("Graph sent a link to more named locations at another address (%s), which is not followed", sanitize.Header(next))}
	}
	release, err := c.pacer.Turn(ctx, false)
	if err != nil {
		return nil, "", false, classify(OpNamedLocations, c.host, err)
	}
	defer release()
	builder := c.sdk.Identity().ConditionalAccess().NamedLocations()
	keep := &keepFirst{n: namedLocationsPage}
	cfg := &identity.ConditionalAccessNamedLocationsRequestBuilderGetRequestConfiguration{Options: []abstractions.RequestOption{keep}}
	if next != "" {
		builder = builder.WithUrl(next)
	} else {
		top := int32(namedLocationsPage)
		cfg.QueryParameters = &identity.ConditionalAccessNamedLocationsRequestBuilderGetQueryParameters{Top: &top}
	}
	resp, err := builder.Get(ctx, cfg)
	if err != nil {
		return nil, "", false, classify(OpNamedLocations, c.host, err)
	}
	if resp == nil {
		return nil, "", false, &Error{Op: OpNamedLocations, Kind: KindBadReply, Host: c.host, Err: errors.New("empty reply")}
	}
	for _, m := range resp.GetValue() {
		if l, ok := namedLocationOf(m); ok {
			locs = append(locs, l)
		}
	}
	if l := resp.GetOdataNextLink(); l != nil {
		link = *l
	}
	return locs, link, keep.cut, nil
}

// namedLocationOf maps one named location; false for one of a kind this
// tool does not know, or with nothing it could read.
func namedLocationOf(m models.NamedLocationable) (NamedLocation, bool) {
	if m == nil {
		return NamedLocation{}, false
	}
	name := ""
	if v := m.GetDisplayName(); v != nil {
		name = sanitize.Text(*v)
		if r := []rune(name); len(r) > maxLocationName {
			name = string(r[:maxLocationName-1]) + "…"
		}
	}
	if name == "" {
		name = "(unnamed)"
	}
	l := NamedLocation{Name: name}
	switch v := m.(type) {
	case models.IpNamedLocationable:
		l.Trusted = v.GetIsTrusted() != nil && *v.GetIsTrusted()
		for _, r := range v.GetIpRanges() {
			p, ok := prefixOf(r)
			switch {
			case !ok:
			case len(l.Ranges) == MaxNamedRanges:
				l.cut = true
			default:
				l.Ranges = append(l.Ranges, p)
			}
		}
		return l, len(l.Ranges) > 0
	case models.CountryNamedLocationable:
		for _, cc := range v.GetCountriesAndRegions() {
			if len(cc) == 2 && len(l.Countries) < 300 {
				l.Countries = append(l.Countries, strings.ToUpper(sanitize.String(cc)))
			}
		}
		l.Unknown = v.GetIncludeUnknownCountriesAndRegions() != nil && *v.GetIncludeUnknownCountriesAndRegions()
		return l, l.IsCountry()
	}
	return NamedLocation{}, false
}

// prefixOf parses an IPv4 or IPv6 CIDR range ("1.2.3.4/32"); a bare
// address is its own /32 or /128.
func prefixOf(r models.IpRangeable) (netip.Prefix, bool) {
	var cidr *string
	switch v := r.(type) {
	case models.IPv4CidrRangeable:
		cidr = v.GetCidrAddress()
	case models.IPv6CidrRangeable:
		cidr = v.GetCidrAddress()
	}
	if cidr == nil {
		return netip.Prefix{}, false
	}
	text := strings.TrimSpace(*cidr)
	p, err := netip.ParsePrefix(text)
	if err != nil {
		a, err := netip.ParseAddr(text)
		if err != nil {
			return netip.Prefix{}, false
		}
		p = netip.PrefixFrom(a, a.BitLen())
	}
	if a := p.Addr(); a.Is4In6() && p.Bits() >= 96 { // ::ffff:a.b.c.d/n is an IPv4 range
		p = netip.PrefixFrom(a.Unmap(), p.Bits()-96)
	}
	if p.Bits() < minPrefixBits {
		return netip.Prefix{}, false
	}
	return p.Masked(), true
}

// maxLocationName bounds a location's name as the screen shows it.
const maxLocationName = 80
