package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/theme"
)

// groupBy is what the grouped view gathers sign-ins by.
type groupBy int

const (
	byUser groupBy = iota
	byIP
	byCountry
	byApp
	byEvent
	groupBys // how many there are
)

func (g groupBy) String() string {
	return [...]string{"user", "IP", "country", "app", "risk event"}[g]
}

// keys are the groups a sign-in belongs to: one, except by risk event,
// where a sign-in with two events is in two groups.
func (g groupBy) keys(s *graph.SignIn) []string { return g.appendKeys(nil, s) }

// appendKeys appends the sign-in's keys to buf: gathering 100,000 rows
// reuses one buffer.
func (g groupBy) appendKeys(buf []string, s *graph.SignIn) []string {
	switch g {
	case byUser:
		return append(buf, orDashText(s.UserKey()))
	case byIP:
		return append(buf, orDashText(s.IP))
	case byCountry:
		return append(buf, orDashText(placeOf(s).Country))
	case byApp:
		return append(buf, orDashText(s.App))
	}
	if len(s.RiskEventTypes) == 0 {
		return append(buf, "–")
	}
	return append(buf, s.RiskEventTypes...)
}

// label is how a group's key reads: a user group is keyed by the user's
// ID and reads as their name; an IP group in a named location names it
// ("198.51.100.10 ◆ Office Seattle").
func (g groupBy) label(t *signInTable, s *graph.SignIn, key string) string {
	switch {
	case g == byUser:
		return orDashText(t.userName(s))
	case g == byIP && s.Net.Named():
		return key + " " + netMarkText(s)
	}
	return key
}

// group is the sign-ins in view that share a key.
type group struct {
	key      string
	label    string // the key as the analyst reads it
	rows     []int  // positions in the table's rows
	n        int    // how many rows, while they are gathered
	newest   time.Time
	newestMs int64 // newest, while the rows are gathered
	rank     int32 // its place among the groups' labels (see sortGroups)
	risk     graph.RiskLevel
	users    int
	ips      int
	selected int // filled by countSelected
	// succeeded counts the sign-ins that succeeded; pwVerified those whose
	// password was verified before they stopped, successes included.
	succeeded, pwVerified int
}

// groupView is the table gathered into groups: the filter applies inside.
type groupView struct {
	table[*group]
	by     groupBy
	groups []group
	spare  []group // the groups' other buffer, for sorting into
	order  groupOrder
	// reversed turns the order around: fewest, oldest, lowest first.
	reversed bool
}

// groupOrder is what the groups are sorted by (o cycles it): the most
// sign-ins, the newest sign-in, or the highest risk first.
type groupOrder int

const (
	byCount groupOrder = iota
	byNewest
	byRisk
	groupOrders // how many there are
)

func (o groupOrder) String() string {
	return [...]string{"sign-ins", "newest", "risk"}[o]
}

// sortGroups orders the groups by g.order, the label breaking ties, and
// keeps the cursor on the group with key cur. Each group's place among
// the labels (rank) is known from the gathering: 100,000 groups (an IP
// each) sort by two numbers, never by comparing their labels.
func (g *groupView) sortGroups(cur string) {
	type entry struct {
		primary int64
		rank    int32
		i       int32
	}
	entries := make([]entry, len(g.groups))
	for i := range g.groups {
		gr := &g.groups[i]
		var p int64
		switch g.order {
		case byNewest:
			p = -gr.newest.UnixMilli()
		case byRisk:
			p = -(int64(gr.risk.Rank())<<40 | int64(len(gr.rows)))
		default:
			p = -int64(len(gr.rows))
		}
		if g.reversed {
			p = -p
		}
		entries[i] = entry{p, gr.rank, int32(i)}
	}
	slices.SortFunc(entries, func(a, b entry) int {
		return cmp.Or(cmp.Compare(a.primary, b.primary), cmp.Compare(a.rank, b.rank))
	})
	sorted := slices.Grow(g.spare[:0], len(g.groups))[:len(g.groups)]
	for i, e := range entries {
		sorted[i] = g.groups[e.i]
	}
	g.groups, g.spare = sorted, g.groups
	g.cursor = max(slices.IndexFunc(g.groups, func(gr group) bool { return gr.key == cur }), 0)
}

// resort sorts the groups again, the cursor staying on its group.
func (g *groupView) resort() {
	cur := ""
	if gr := g.current(); gr != nil {
		cur = gr.key
	}
	g.sortGroups(cur)
}

// newGroupView is the groups by user; groupColumns draws them.
func newGroupView() groupView {
	return groupView{table: table[*group]{columns: groupColumns(byUser)}, by: byUser}
}

// groupColumns are the grouped view's columns: the key (what the rows are
// grouped by) takes the room its labels need; the counts keep the width of
// their titles. How many users share a key (an IP used by thirty users is
// a spray) is essential except when grouping by user, where how many IPs
// a user came from is.
func groupColumns(by groupBy) []column[*group] {
	count := func(n int) (string, cellKind) { return fmt.Sprint(n), cellPlain }
	users, ips := 1, 4
	if by == byUser {
		users, ips = 4, 1
	}
	return []column[*group]{
		{title: strings.ToUpper(by.String()), min: 10, priority: 1, cell: func(g *group, _ int) (string, cellKind) { return g.label, cellPlain }},
		{title: "SIGN-INS", min: 8, max: 8, priority: 1, cell: func(g *group, _ int) (string, cellKind) { return count(len(g.rows)) }},
		{title: "SELECTED", min: 8, max: 8, priority: 1, cell: func(g *group, _ int) (string, cellKind) { return count(g.selected) }},
		{title: "USERS", min: 5, max: 5, priority: users, cell: func(g *group, _ int) (string, cellKind) { return count(g.users) }},
		{title: "IPS", min: 3, max: 3, priority: ips, cell: func(g *group, _ int) (string, cellKind) { return count(g.ips) }},
		{title: "RISK", min: 6, max: 6, priority: 1, cell: func(g *group, _ int) (string, cellKind) { return orDashText(string(g.risk)), cellPlain }},
		{title: "SUCCEEDED", min: 9, max: 9, priority: 2, cell: func(g *group, _ int) (string, cellKind) { return count(g.succeeded) }},
		// Beside SUCCEEDED: at 80 columns, how many had the right
		// password is what tells a spray's attempts from its successes.
		{title: "PW VERIFIED", short: "PW", min: 4, max: 11, priority: 2, cell: func(g *group, _ int) (string, cellKind) { return count(g.pwVerified) }},
		{title: "NEWEST", min: 11, max: 11, priority: 3, cell: func(g *group, _ int) (string, cellKind) {
			return g.newest.UTC().Format("01-02 15:04"), cellPlain
		}},
	}
}

// setBy gathers by another key, from the first group.
func (g *groupView) setBy(by groupBy) {
	g.by, g.cursor, g.offset = by, 0, 0
	g.columns = groupColumns(by)
	g.cols = nil // laid out again at the next draw
}

// regroup gathers the rows in view by g.by, in the order set by o, from
// the rows' facts (rowfacts.go): groups are found by number, not by
// string, and each group's distinct users and IPs are counted with one
// stamp per user and per IP, not a map.
func (g *groupView) regroup(t *signInTable) {
	cur := ""
	if g.cursor < len(g.groups) {
		cur = g.groups[g.cursor].key
	}
	g.groups = g.groups[:0]
	// Each row's membership: the group it is in (a row with two risk
	// events is in two), as group index and row position.
	member, at := make([]int32, 0, len(t.view)), make([]int, 0, len(t.view))
	join := func(gi int32, pos int) {
		member, at = append(member, gi), append(at, pos)
		gr, f := &g.groups[gi], &t.facts[pos]
		gr.n++
		if f.succeeded {
			gr.succeeded++
		}
		if f.pwVerified {
			gr.pwVerified++
		}
		gr.newestMs = max(gr.newestMs, f.created)
		if gr.risk == "" || int(f.risk) > gr.risk.Rank() {
			gr.risk = t.rows[pos].RiskLevel
		}
	}
	if num, values := g.by.number(t); num != nil {
		slot := make([]int32, len(values)) // group index + 1, by the key's number
		ranks := t.labelRanks(g.by)
		g.groups = slices.Grow(g.groups, min(len(values), len(t.view)))
		// A blank value reads "–", as a value "–" does: one group.
		dash, hasDash := g.by.dict(t).index["–"]
		for _, pos := range t.view {
			k := num(&t.facts[pos])
			if hasDash && values[k] == "" {
				k = dash
			}
			if slot[k] == 0 {
				s := &t.rows[pos]
				key := orDashText(values[k])
				g.groups = append(g.groups, group{key: key, label: g.by.label(t, s, key), rank: ranks[k]})
				slot[k] = int32(len(g.groups))
			}
			join(slot[k]-1, pos)
		}
	} else {
		index := map[string]int32{}
		var keys []string
		for _, pos := range t.view {
			s := &t.rows[pos]
			keys = g.by.appendKeys(keys[:0], s)
			for _, k := range keys {
				gi, ok := index[k]
				if !ok {
					gi = int32(len(g.groups))
					index[k] = gi
					g.groups = append(g.groups, group{key: k, label: g.by.label(t, s, k)})
				}
				join(gi, pos)
			}
		}
	}
	if g.by == byEvent {
		rankByLabel(g.groups)
	}
	g.fillRows(t, member, at)
	g.sortGroups(cur)
}

// rankByLabel gives each group its place among the groups' labels, the
// key breaking ties: for groups not numbered in a dictionary (risk
// events, a few dozen).
func rankByLabel(groups []group) {
	ranks := rankBy(len(groups), func(a, b int32) int {
		return cmp.Or(strings.Compare(groups[a].label, groups[b].label), strings.Compare(groups[a].key, groups[b].key))
	})
	for i := range groups {
		groups[i].rank = ranks[i]
	}
}

// dict is the dictionary g's keys are numbered in; nil by risk event.
func (g groupBy) dict(t *signInTable) *dict {
	switch g {
	case byUser:
		return &t.users
	case byIP:
		return &t.ips
	case byCountry:
		return &t.countries
	case byApp:
		return &t.apps
	}
	return &dict{}
}

// number is the rows' facts field that g groups by, with the values its
// numbers stand for; nil when a row may be in several groups (by risk
// event).
func (g groupBy) number(t *signInTable) (func(*facts) int32, []string) {
	switch g {
	case byUser:
		return func(f *facts) int32 { return f.user }, t.users.values
	case byIP:
		return func(f *facts) int32 { return f.ip }, t.ips.values
	case byCountry:
		return func(f *facts) int32 { return f.country }, t.countries.values
	case byApp:
		return func(f *facts) int32 { return f.app }, t.apps.values
	}
	return nil, nil
}

// fillRows gives each group its rows' positions, out of one array, and
// counts its distinct users and IPs: a stamp per user and per IP says
// the last group that counted it.
func (g *groupView) fillRows(t *signInTable, member []int32, at []int) {
	all := make([]int, len(member))
	next := 0
	for i := range g.groups {
		gr := &g.groups[i]
		gr.rows, next = all[next:next:next+gr.n], next+gr.n
		gr.newest = time.UnixMilli(gr.newestMs)
	}
	for i, gi := range member {
		gr := &g.groups[gi]
		gr.rows = append(gr.rows, at[i])
	}
	userStamp, ipStamp := make([]int32, len(t.users.values)), make([]int32, len(t.ips.values))
	for i := range g.groups {
		gr, stamp := &g.groups[i], int32(i+1)
		for _, pos := range gr.rows {
			f := &t.facts[pos]
			if userStamp[f.user] != stamp {
				userStamp[f.user] = stamp
				gr.users++
			}
			if ipStamp[f.ip] != stamp {
				ipStamp[f.ip] = stamp
				gr.ips++
			}
		}
	}
}

// countSelected counts each group's selected sign-ins, from the
// selection's flags by row position.
func (g *groupView) countSelected(flags []bool) {
	for i := range g.groups {
		n := 0
		for _, pos := range g.groups[i].rows {
			if pos < len(flags) && flags[pos] {
				n++
			}
		}
		g.groups[i].selected = n
	}
}

func (g *groupView) current() *group {
	if g.cursor < 0 || g.cursor >= len(g.groups) {
		return nil
	}
	return &g.groups[g.cursor]
}

// render draws the visible groups with the table the rows use.
func (g *groupView) render(st theme.Styles, m ansi.Method, width, height int) string {
	g.setSize(width, height, len(g.groups))
	return g.table.render(st, m, len(g.groups), func(i int) (*group, string) {
		gr := &g.groups[i]
		switch {
		case gr.selected == len(gr.rows):
			return gr, "●"
		case gr.selected > 0:
			return gr, "◐"
		}
		return gr, " "
	})
}
