package graph_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// TestNamedLocationsMarkTheTenantsNetworks: the named locations are read
// through the SDK, and an IP in a trusted office is marked trusted and
// named after it; an IP in the guest Wi-Fi is named, not trusted; a
// stranger's is in none; a country location lists the countries.
func TestNamedLocationsMarkTheTenantsNetworks(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 40, Now: testNow}, 0)
	locs, more, err := c.NamedLocations(context.Background())
	if err != nil || more {
		t.Fatalf("NamedLocations: %v (more %v)", err, more)
	}
	nets := graph.NewNetworks(locs, more)
	if all, trusted := nets.IPLocations(); all != len(simtenant.NamedLocations())-1 || trusted != all-1 {
		t.Fatalf("IP locations %d, trusted %d, of %+v", all, trusted, locs)
	}
	office := nets.Of("198.51.100.10")
	if !office.Trusted || office.Label() != "Office Seattle" {
		t.Fatalf("the Seattle office's egress: %+v", office)
	}
	if v6 := nets.Of("2001:db8:10::5"); !v6.Trusted || v6.Label() != "Office Seattle" {
		t.Fatalf("an IPv6 address of the head office: %+v", v6)
	}
	if guest := nets.Of("198.51.100.140"); guest.Trusted || guest.Label() != "Office guest Wi-Fi" {
		t.Fatalf("the guest Wi-Fi: %+v", guest)
	}
	if stranger := nets.Of("185.220.101.47"); stranger == nil || stranger.Named() {
		t.Fatalf("the spray's IP: %+v", stranger)
	}
	if got := nets.Countries("GB"); len(got) != 1 || got[0] != "Countries we work in" {
		t.Fatalf("countries of GB: %v", got)
	}
	if got := nets.Countries("MD"); len(got) != 0 {
		t.Fatalf("countries of MD: %v", got)
	}
	var unread *graph.Networks
	if unread.Of("198.51.100.10") != nil {
		t.Fatal("no named locations read should leave the network unknown")
	}
	_ = sim
}

// TestBetaSignInsCarryTheirNetwork: on beta, networkLocationDetails
// names the location of each sign-in from one, before the named
// locations are read.
func TestBetaSignInsCarryTheirNetwork(t *testing.T) {
	sim, err := simtenant.Start(simtenant.Options{SignIns: 250, Now: testNow})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	beta, err := graph.New(graph.Options{BaseURL: sim.URLFor("beta")})
	if err != nil {
		t.Fatal(err)
	}
	all, _ := listAll(t, beta, graph.Query{})
	named, trusted := 0, 0
	for _, s := range all {
		names, isTrusted := simtenant.NetworkOf(s.IP)
		switch {
		case len(names) == 0 && s.Net != nil:
			t.Fatalf("%s from %s carries a network: %+v", s.ID, s.IP, s.Net)
		case len(names) > 0 && (s.Net.Label() != strings.Join(names, ", ") || s.Net.Trusted != isTrusted):
			t.Fatalf("%s from %s: %+v, want %v trusted %v", s.ID, s.IP, s.Net, names, isTrusted)
		case len(names) > 0:
			named++
			if isTrusted {
				trusted++
			}
		}
	}
	if trusted == 0 || named == trusted {
		t.Fatalf("the tenant's everyday sign-ins should include offices and the guest Wi-Fi: %d named, %d trusted", named, trusted)
	}
}

// TestANamedLocations403NamesThePermission: without Policy.Read.All the
// read fails with a reason that names it and says the listing goes on.
func TestANamedLocations403NamesThePermission(t *testing.T) {
	_, c := setup(t, simtenant.Options{SignIns: 10, Now: testNow, MissingPermissions: []string{simtenant.PermPolicyRead}}, 0)
	_, _, err := c.NamedLocations(context.Background())
	var ge *graph.Error
	if !errors.As(err, &ge) || ge.Kind != graph.KindForbidden || !strings.Contains(err.Error(), graph.PermPolicyRead) ||
		!strings.Contains(err.Error(), "no sign-in is marked by network") {
		t.Fatalf("403: %v", err)
	}
}

// TestHostileNamedLocationsAreBounded: ranges that do not parse and
// kinds this tool does not know are left out, a link to another origin is
// not followed, and a reply past MaxNamedRanges stops the read there.
func TestHostileNamedLocationsAreBounded(t *testing.T) {
	page := func(values string, next string) string {
		link := ""
		if next != "" {
			link = fmt.Sprintf(`,"@odata.nextLink":%q`, next)
		}
		return `{"value":[` + values + `]` + link + `}`
	}
	var body string
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}))
	defer srv.Close()
	c, err := graph.New(graph.Options{BaseURL: srv.URL + "/v1.0"})
	if err != nil {
		t.Fatal(err)
	}
	body = page(`{"@odata.type":"#microsoft.graph.ipNamedLocation","displayName":"Bad\u001b[31m","isTrusted":true,"ipRanges":[`+
		`{"@odata.type":"#microsoft.graph.iPv4CidrRange","cidrAddress":"not an address"},`+
		`{"@odata.type":"#microsoft.graph.iPv4CidrRange","cidrAddress":"10.1.2.3"}]},`+
		`{"@odata.type":"#microsoft.graph.somethingNew","displayName":"New"},`+
		`{"@odata.type":"#microsoft.graph.ipNamedLocation","displayName":"Empty","ipRanges":[{"@odata.type":"#microsoft.graph.iPv4CidrRange","cidrAddress":"x/99"}]}`, "")
	locs, more, err := c.NamedLocations(context.Background())
	if err != nil || more || len(locs) != 1 || len(locs[0].Ranges) != 1 || locs[0].Ranges[0].String() != "10.1.2.3/32" || strings.ContainsRune(locs[0].Name, 0x1b) {
		t.Fatalf("locations %+v more %v err %v", locs, more, err)
	}
	body = page(`{"@odata.type":"#microsoft.graph.ipNamedLocation","displayName":"A","ipRanges":[{"@odata.type":"#microsoft.graph.iPv4CidrRange","cidrAddress":"10.0.0.0/8"}]}`,
		"https://evil.example/v1.0/identity/conditionalAccess/namedLocations?$skiptoken=1")
	if _, _, err := c.NamedLocations(context.Background()); err == nil || !strings.Contains(err.Error(), "not followed") {
		t.Fatalf("a link elsewhere: %v", err)
	}
	// A range shorter than /8 (0.0.0.0/0, trusted: every sign-in) is
	// refused; an IPv4-mapped IPv6 range is the IPv4 range; a long name
	// is cut.
	body = page(`{"@odata.type":"#microsoft.graph.ipNamedLocation","displayName":"`+strings.Repeat("x", 5000)+`","isTrusted":true,"ipRanges":[`+
		`{"@odata.type":"#microsoft.graph.iPv4CidrRange","cidrAddress":"0.0.0.0/0"},`+
		`{"@odata.type":"#microsoft.graph.iPv6CidrRange","cidrAddress":"::ffff:192.0.2.0/120"}]}`, "")
	locs, _, err = c.NamedLocations(context.Background())
	if err != nil || len(locs) != 1 || len(locs[0].Ranges) != 1 || len([]rune(locs[0].Name)) > 80 {
		t.Fatalf("odd ranges: %+v, %v", locs, err)
	}
	nets := graph.NewNetworks(locs, false)
	if !nets.Of("192.0.2.7").Trusted || nets.Of("8.8.8.8").Named() {
		t.Fatalf("the mapped range marks %+v, and 8.8.8.8 %+v", nets.Of("192.0.2.7"), nets.Of("8.8.8.8"))
	}
	// Pages that bring nothing, linking to themselves, end.
	body = page(``, srv.URL+"/v1.0/identity/conditionalAccess/namedLocations?$skiptoken=same")
	before := requests.Load()
	locs, more, err = c.NamedLocations(context.Background())
	if err != nil || !more || len(locs) != 0 || requests.Load()-before > 3 {
		t.Fatalf("a page linking to itself: %d locations, more %v, err %v, %d requests", len(locs), more, err, requests.Load()-before)
	}
	if graph.NewNetworks(nil, true).Of("8.8.8.8") != nil {
		t.Error("an address in none of the locations of a read cut short reads as in none")
	}
	ranges := make([]string, graph.MaxNamedRanges+1)
	for i := range ranges {
		ranges[i] = fmt.Sprintf(`{"@odata.type":"#microsoft.graph.iPv4CidrRange","cidrAddress":"10.%d.%d.0/24"}`, i>>8&255, i&255)
	}
	body = page(`{"@odata.type":"#microsoft.graph.ipNamedLocation","displayName":"Small","ipRanges":[{"@odata.type":"#microsoft.graph.iPv4CidrRange","cidrAddress":"10.0.0.0/8"}]},`+
		`{"@odata.type":"#microsoft.graph.ipNamedLocation","displayName":"Huge","ipRanges":[`+strings.Join(ranges, ",")+`]}`, "")
	locs, more, err = c.NamedLocations(context.Background())
	if err != nil || !more || len(locs) != 1 {
		t.Fatalf("past the bound: %d locations, more %v, err %v", len(locs), more, err)
	}
}

// BenchmarkMarkAgainstManyRanges marks 100,000 sign-ins, each from an
// address of its own, against named locations at this tool's bounds
// (1,000 locations of 50 ranges): the work gotNetworks does on the UI's
// goroutine when the read arrives after the listing.
func BenchmarkMarkAgainstManyRanges(b *testing.B) {
	var locs []graph.NamedLocation
	for i := range graph.MaxNamedLocations {
		l := graph.NamedLocation{Name: fmt.Sprintf("loc %d", i), Trusted: i%2 == 0}
		for j := range graph.MaxNamedRanges / graph.MaxNamedLocations {
			l.Ranges = append(l.Ranges, netip.MustParsePrefix(fmt.Sprintf("10.%d.%d.0/24", i%250, j)))
		}
		locs = append(locs, l)
	}
	rows := make([]graph.SignIn, 100_000)
	for i := range rows {
		rows[i].IP = fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255)
	}
	b.ReportAllocs()
	for b.Loop() {
		nets := graph.NewNetworks(locs, false)
		for i := range rows {
			rows[i].Net = nil
			nets.Mark(&rows[i])
		}
	}
}

// TestTrustIsKeptPastTheNamesShown: an address in more locations than a
// network names is still trusted when a trusted one is past the cut, and
// the trusted one is named first.
func TestTrustIsKeptPastTheNamesShown(t *testing.T) {
	var locs []graph.NamedLocation
	for i := range 20 {
		locs = append(locs, graph.NamedLocation{Name: fmt.Sprintf("loc %d", i), Trusted: i == 17,
			Ranges: []netip.Prefix{netip.MustParsePrefix("10.0.0.0/8")}})
	}
	n := graph.NewNetworks(locs, false).Of("10.1.2.3")
	if !n.Trusted || len(n.Names) != 16 || n.Names[0] != "loc 17" {
		t.Fatalf("%+v", n)
	}
}
