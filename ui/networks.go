package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// The tenant's own networks: its named locations, read once a session
// after the listing's first page (through the same pacer as the pages),
// kept for the session, and marked on every sign-in loaded
// (graph.Networks.Mark): the NET column, the details, groups by IP and
// the net: filter read the mark. A failed read leaves the rows
// unmarked, says why in the status pane, and the listing goes on.

// networkRead is the read's state.
type networkRead struct {
	started bool
	done    bool
	err     error
	nets    *graph.Networks
}

// namedLocationsMsg answers readNetworks.
type namedLocationsMsg struct {
	locs []graph.NamedLocation
	more bool
	err  error
}

// readNetworks starts the read, once a session; nil after the first.
func (ses *session) readNetworks() tea.Cmd {
	if ses.nets.started {
		return nil
	}
	ses.nets.started = true
	g, ctx := ses.graph, ses.ctx
	return func() tea.Msg {
		locs, more, err := g.NamedLocations(ctx)
		return namedLocationsMsg{locs: locs, more: more, err: err}
	}
}

// gotNetworks keeps the read and marks every sign-in loaded, in the
// table and the users' logs; a filter that reads the mark is applied
// again.
func (ses *session) gotNetworks(msg namedLocationsMsg) {
	ses.nets.done = true
	if msg.err != nil {
		ses.nets.err = msg.err
		ses.log.add(logErr, "Named locations not read, so rows are not marked by network: "+msg.err.Error())
		return
	}
	nets := graph.NewNetworks(msg.locs, msg.more)
	ses.nets.nets = nets
	for i := range ses.table.rows {
		nets.Mark(&ses.table.rows[i])
	}
	for id, l := range ses.userLogs {
		for i := range l.rows {
			nets.Mark(&l.rows[i])
		}
		ses.userLogs[id] = l
	}
	ses.table.edits++
	ses.table.version++ // groups by IP name the locations
	if !ses.find.filter.Empty() {
		ses.refilter() // net: reads the marks, and so may a word alone
	}
}

// markOpenLogs marks the users' logs open on the stack, whose rows are
// kept by the session only once read whole, and filters them again.
func (m *Model) markOpenLogs() {
	for _, s := range m.stack {
		if u, ok := s.(*userLogScreen); ok && m.nets.nets != nil {
			m.nets.mark(u.rows)
			u.rebuild()
		}
	}
}

// mark marks sign-ins just loaded, once the named locations are read.
func (nr *networkRead) mark(rows []graph.SignIn) {
	if nr.nets == nil {
		return
	}
	for i := range rows {
		nr.nets.Mark(&rows[i])
	}
}

// suffix is what the listing's line adds once the named locations are
// read: how many, and how many trusted (a read that stopped at its bound
// says so). A failed read is in the log instead.
func (nr *networkRead) suffix() string {
	if nr.nets == nil {
		return ""
	}
	all, trusted := nr.nets.IPLocations()
	text := fmt.Sprintf(" Named locations: %d, %d trusted.", all, trusted)
	if nr.nets.More {
		text = fmt.Sprintf(" Named locations: the first %d, %d trusted (more not read).", all, trusted)
	}
	return text
}

// The NET column's marks, read the same without colour.
const (
	netTrustedMark = "◆"
	netNamedMark   = "◇"
)

// netCell is the NET column: "◆ trusted" or "◇ named" where there is
// room, the glyph alone where not (under the title "N": at 80 columns
// the IP and the result keep their room), blank for none or not known.
func netCell(r signInRow, width int) (string, cellKind) {
	n := r.s.Net
	switch {
	case n.Named() && n.Trusted:
		// Plain, not the green of a verdict: a network is a fact, and
		// an attacker inside it signs in from it too.
		return fitMark(netTrustedMark, "trusted", width), cellPlain
	case n.Named():
		return fitMark(netNamedMark, "named", width), cellPlain
	}
	return "", cellMuted
}

func fitMark(glyph, word string, width int) string {
	if width >= len(word)+2 {
		return glyph + " " + word
	}
	return glyph
}

// noneNamed reports rows none of which is in a named location: the
// column would be blank.
func noneNamed(rows []signInRow) bool {
	for _, r := range rows {
		if r.s.Net.Named() {
			return false
		}
	}
	return true
}

// netMarkText is the mark and the names of the named locations the
// sign-in's IP is in ("◆ Office Seattle"); "" for none or not known.
func netMarkText(s *graph.SignIn) string { return netMarkOf(s.Net) }

func netMarkOf(n *graph.Network) string {
	switch {
	case n.Named() && n.Trusted:
		return netTrustedMark + " " + n.Label()
	case n.Named():
		return netNamedMark + " " + n.Label()
	}
	return ""
}

// ipText is an IP address with the named location it is in, if any.
func (ses *session) ipText(ip string) string {
	if mark := netMarkOf(ses.nets.nets.Of(ip)); mark != "" {
		return ip + " " + mark
	}
	return ip
}

// netGlyph is the NET column's glyph alone, or a blank.
func netGlyph(s *graph.SignIn) string {
	switch {
	case s.Net.Named() && s.Net.Trusted:
		return netTrustedMark
	case s.Net.Named():
		return netNamedMark
	}
	return " "
}

// networkText is the details' line for where the IP is: the named
// locations it is in (trusted or not), none, or why that is not known.
func (ses *session) networkText(s *graph.SignIn) string {
	n := s.Net
	switch {
	case n.Named() && n.Trusted:
		return n.Label() + " (trusted named location: a fact about the network, not a verdict; whoever has its access signs in from it too)"
	case n.Named():
		return n.Label() + " (named location, not trusted)"
	case n != nil:
		return "in none of the tenant's named locations"
	case ses.nets.nets != nil && ses.nets.nets.More:
		return "not known: not in the named locations read, and the read stopped at its bound"
	case ses.nets.err != nil:
		return "not known: the named locations could not be read (" + graph.PermPolicyRead + ")"
	case !ses.nets.done:
		return "not known yet: the named locations are being read"
	}
	return "not known"
}

// countryLocationsText names the country locations that hold the
// sign-in's country; "" when none does or none was read.
func (ses *session) countryLocationsText(s *graph.SignIn) string {
	names := ses.nets.nets.Countries(s.Country)
	return strings.Join(names, ", ")
}
