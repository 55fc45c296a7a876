package ui

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// anyState is the default query over every risk state: the everyday
// sign-ins from the offices, which Identity Protection does not flag,
// load too.
func anyState() graph.Query {
	q := graph.DefaultQuery(testNow)
	q.RiskStates = nil
	return q
}

// TestATrustedOfficeIsMarkedAndNamed runs the program against the
// simulated tenant: once the named locations are read, a sign-in from a
// trusted office reads "◆ trusted" in its row and its details name the
// office; net:trusted keeps exactly the sign-ins whose IP is in a trusted
// range.
func TestATrustedOfficeIsMarkedAndNamed(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 250, Seed: 1}, 0)
	tm := teatest.NewTestModel(t, e.model(anyState()), teatest.WithInitialTermSize(160, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	waitOutput(t, tm, "Named locations: 14, 13 trusted.")
	for _, k := range append([]string{"/"}, strings.Split("net:trusted", "")...) {
		tm.Send(keyPress(k))
	}
	tm.Send(keyPress("enter"))
	waitOutput(t, tm, "◆ trusted")
	tm.Send(keyPress("enter"))     // the details of the first row
	waitOutput(t, tm, "◆ Office ") // the summary's Where
	tm.Send(keyPress("esc"))
	tm.Send(keyPress("q"))
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)

	trusted := 0
	for i := range m.table.rows {
		s := &m.table.rows[i]
		names, isTrusted := simtenant.NetworkOf(s.IP)
		_, shown := m.table.isShown(s.ID)
		if shown != isTrusted {
			t.Errorf("%s from %s (%v): shown %v under net:trusted", s.ID, s.IP, names, shown)
		}
		if isTrusted {
			trusted++
			if !s.Net.Trusted || !strings.HasPrefix(s.Net.Label(), names[0]) {
				t.Errorf("%s from %s is marked %+v, want %v", s.ID, s.IP, s.Net, names)
			}
		}
	}
	if trusted == 0 || trusted == len(m.table.rows) || m.table.shownLen() != trusted {
		t.Fatalf("%d of %d sign-ins are from trusted ranges, %d shown", trusted, len(m.table.rows), m.table.shownLen())
	}
	first, _ := m.table.current()
	if text := strings.Join(strings.Fields(ansi.Strip(m.detailsText(&first, 100))), " "); !strings.Contains(text, first.Net.Label()+" (trusted named location: a fact about the network, not a verdict") ||
		!strings.HasPrefix(first.Net.Label(), "Office ") {
		t.Errorf("the details of a sign-in from %s do not name its office:\n%s", first.IP, text)
	}
}

// TestANamedLocations403LeavesTheListingWhole: without Policy.Read.All
// the read is refused; the status pane names the permission, every
// sign-in is listed, none is marked, and net: keeps none of them.
func TestANamedLocations403LeavesTheListingWhole(t *testing.T) {
	opts := simtenant.Options{SignIns: 250, Seed: 1, MissingPermissions: []string{simtenant.PermPolicyRead}}
	e := newEnv(t, opts, 0)
	tm := teatest.NewTestModel(t, e.model(anyState()), teatest.WithInitialTermSize(160, 40),
		teatest.WithProgramOptions(tea.WithColorProfile(colorprofile.ASCII)))
	// One wait for both, as teatest's output is read once: the listing
	// complete, and the pane naming the permission.
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		return bytes.Contains(b, []byte("complete)")) &&
			bytes.Contains(b, []byte("Named locations not read, so rows are not marked by network: Graph denied reading the named locations (403): it needs Policy.Read.All"))
	}, teatest.WithDuration(15*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
	tm.Send(keyPress("q"))
	m := tm.FinalModel(t, teatest.WithFinalTimeout(10*time.Second)).(*Model)
	if m.table.len() != 250 || m.listing.err != nil || m.listing.loading {
		t.Fatalf("the listing: %d loaded, %v", m.table.len(), m.listing.err)
	}
	for _, s := range m.table.rows {
		if s.Net != nil {
			t.Fatalf("%s is marked without the named locations: %+v", s.ID, s.Net)
		}
	}
	// The same tenant in the harness: net: keeps none of the sign-ins
	// whose network is not known, and the details say why.
	e = newEnv(t, opts, 0)
	h := newHarness(t, e.model(anyState()), 100, 30)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	h.key(keys.Filter)
	h.typeText("net:none")
	h.key(keys.FilterApply)
	h.settle()
	if h.filterText() == "" {
		t.Fatal("the filter was not applied")
	}
	if h.shownLen() != 0 {
		t.Errorf("net:none keeps %d sign-ins whose network is not known", h.shownLen())
	}
	h.m.table.cursor = 0
	if s, ok := h.current(); ok && !strings.Contains(h.m.networkText(&s), graph.PermPolicyRead) {
		t.Errorf("the details say %q", h.m.networkText(&s))
	}
}

// TestNetFiltersTypedKeyByKey: typed a key at a time, as an analyst
// types, each net: value keeps exactly its sign-ins: the view narrows
// step by step (net:, net:n, net:na, ...), so every step must keep what
// the next needs; the untrusted named location counts as named.
func TestNetFiltersTypedKeyByKey(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 400, Seed: 1}, 0)
	h := newHarness(t, e.model(anyState()), 120, 30)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	count := func(keep func(names []string, trusted bool) bool) int {
		n := 0
		for _, s := range h.rows() {
			if names, trusted := simtenant.NetworkOf(s.IP); keep(names, trusted) {
				n++
			}
		}
		return n
	}
	want := map[string]int{
		"net:trusted": count(func(_ []string, trusted bool) bool { return trusted }),
		"net:named":   count(func(names []string, _ bool) bool { return len(names) > 0 }),
		"net:none":    count(func(names []string, _ bool) bool { return len(names) == 0 }),
	}
	if want["net:named"] == want["net:trusted"] {
		t.Fatalf("the tenant has no sign-in from an untrusted named location: %v", want)
	}
	for _, f := range []string{"net:named", "net:none", "net:trusted"} {
		h.key(keys.Filter)
		h.typeText(f) // one key at a time, each applied
		h.key(keys.FilterApply)
		h.settle()
		if h.shownLen() != want[f] {
			t.Errorf("%s typed key by key keeps %d sign-ins, want %d", f, h.shownLen(), want[f])
		}
	}
}

// TestNetKeepsTheIPAndResultAt80Columns: at 80 columns, with every risk
// state listed (the STATE column shown) and sign-ins from named
// locations on screen, the NET mark is a glyph under "N" and the IP and
// the result keep their columns.
func TestNetKeepsTheIPAndResultAt80Columns(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 250, Seed: 6, Practice: true}, 0)
	h := newHarness(t, e.model(anyState()), 80, 24)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	lines := strings.Split(h.screen(), "\n")
	header := strings.Fields(lines[2])
	for _, want := range []string{"IP", "N", "RESULT", "STATE"} {
		if !slices.Contains(header, want) {
			t.Fatalf("the header lacks %s:\n%s", want, h.screen())
		}
	}
	if !strings.Contains(h.screen(), "◆") {
		t.Fatalf("no sign-in from a named location on screen:\n%s", h.screen())
	}
}
