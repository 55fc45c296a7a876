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
)

// NamedLocations reads the tenant's named locations page by page, paced
// like the other reads, up to MaxNamedLocations locations and
// MaxNamedRanges IP ranges; more says the read stopped there. A range
// that does not parse is left out; a location left with nothing is too.
func (c *Client) NamedLocations(ctx context.Context) (locs []NamedLocation, more bool, err error) {
	ranges := 0
	next := ""
	for {
		page, link, err := c.namedLocationsPage(ctx, next)
		if err != nil {
			return locs, false, err
		}
		for _, l := range page {
			if len(locs) == MaxNamedLocations || ranges+len(l.Ranges) > MaxNamedRanges {
				return locs, true, nil
			}
			ranges += len(l.Ranges)
			locs = append(locs, l)
		}
		if link == "" {
			return locs, false, nil
		}
		next = link
	}
}

// namedLocationsPage reads one page: the first when next is empty.
func (c *Client) namedLocationsPage(ctx context.Context, next string) ([]NamedLocation, string, error) {
	if next != "" && !sameOrigin(next, c.root) {
		return nil, "", &Error{Op: OpNamedLocations, Kind: KindUnsafeReply, Host: c.host,
			Err: fmt.Errorf("Graph sent a link to more named locations at another address (%s), which is not followed", sanitize.Header(next))}
	}
	release, err := c.pacer.Turn(ctx, false)
	if err != nil {
		return nil, "", classify(OpNamedLocations, c.host, err)
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
		return nil, "", classify(OpNamedLocations, c.host, err)
	}
	if resp == nil {
		return nil, "", &Error{Op: OpNamedLocations, Kind: KindBadReply, Host: c.host, Err: errors.New("empty reply")}
	}
	var out []NamedLocation
	for _, m := range resp.GetValue() {
		if l, ok := namedLocationOf(m); ok {
			out = append(out, l)
		}
	}
	link := ""
	if l := resp.GetOdataNextLink(); l != nil {
		link = *l
	}
	return out, link, nil
}

// namedLocationOf maps one named location; false for one of a kind this
// tool does not know, or with nothing it could read.
func namedLocationOf(m models.NamedLocationable) (NamedLocation, bool) {
	if m == nil {
		return NamedLocation{}, false
	}
	name := ""
	if v := m.GetDisplayName(); v != nil {
		name = sanitize.String(*v)
	}
	if name == "" {
		name = "(unnamed)"
	}
	l := NamedLocation{Name: name}
	switch v := m.(type) {
	case models.IpNamedLocationable:
		l.Trusted = v.GetIsTrusted() != nil && *v.GetIsTrusted()
		for _, r := range v.GetIpRanges() {
			if p, ok := prefixOf(r); ok && len(l.Ranges) < MaxNamedRanges {
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
	if p, err := netip.ParsePrefix(text); err == nil {
		return p.Masked(), true
	}
	if a, err := netip.ParseAddr(text); err == nil {
		return netip.PrefixFrom(a.Unmap(), a.Unmap().BitLen()), true
	}
	return netip.Prefix{}, false
}
