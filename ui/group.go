package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

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
func (g groupBy) keys(s *graph.SignIn) []string {
	switch g {
	case byUser:
		return []string{orDashText(s.UserKey())}
	case byIP:
		return []string{orDashText(s.IP)}
	case byCountry:
		return []string{orDashText(placeOf(s).Country)}
	case byApp:
		return []string{orDashText(s.App)}
	}
	if len(s.RiskEventTypes) == 0 {
		return []string{"–"}
	}
	return s.RiskEventTypes
}

// label is how a group's key reads: a user group is keyed by the user's
// ID and reads as their name.
func (g groupBy) label(t *signInTable, s *graph.SignIn, key string) string {
	if g == byUser {
		return orDashText(t.userName(s))
	}
	return key
}

// group is the sign-ins in view that share a key.
type group struct {
	key      string
	label    string // the key as the analyst reads it
	rows     []int  // positions in the table's rows
	newest   time.Time
	risk     graph.RiskLevel
	users    int
	ips      int
	selected int // filled by countSelected
}

// groupView is the table gathered into groups: the filter applies inside.
type groupView struct {
	by     groupBy
	groups []group
	cursor int
	offset int
}

// regroup gathers the rows in view by g.by, biggest group first.
func (g *groupView) regroup(t *signInTable) {
	cur := ""
	if g.cursor < len(g.groups) {
		cur = g.groups[g.cursor].key
	}
	index := map[string]int{}
	users := map[string]map[string]bool{}
	ips := map[string]map[string]bool{}
	g.groups = g.groups[:0]
	for _, pos := range t.view {
		s := &t.rows[pos]
		for _, k := range g.by.keys(s) {
			i, ok := index[k]
			if !ok {
				i = len(g.groups)
				index[k] = i
				g.groups = append(g.groups, group{key: k, label: g.by.label(t, s, k)})
				users[k], ips[k] = map[string]bool{}, map[string]bool{}
			}
			gr := &g.groups[i]
			gr.rows = append(gr.rows, pos)
			if s.Created.After(gr.newest) {
				gr.newest = s.Created
			}
			if s.RiskLevel.Rank() > gr.risk.Rank() || gr.risk == "" {
				gr.risk = s.RiskLevel
			}
			users[k][s.UserKey()] = true
			ips[k][s.IP] = true
		}
	}
	for i := range g.groups {
		g.groups[i].users, g.groups[i].ips = len(users[g.groups[i].key]), len(ips[g.groups[i].key])
	}
	slices.SortFunc(g.groups, func(a, b group) int {
		if c := cmp.Compare(len(b.rows), len(a.rows)); c != 0 {
			return c
		}
		if c := strings.Compare(a.label, b.label); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	g.cursor = max(slices.IndexFunc(g.groups, func(gr group) bool { return gr.key == cur }), 0)
}

// countSelected counts each group's selected sign-ins.
func (g *groupView) countSelected(t *signInTable, sel selection) {
	for i := range g.groups {
		n := 0
		for _, pos := range g.groups[i].rows {
			if sel.has(t.rows[pos].ID) {
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

func (g *groupView) move(delta, height int) {
	g.cursor = min(max(g.cursor+delta, 0), max(len(g.groups)-1, 0))
	if g.cursor < g.offset {
		g.offset = g.cursor
	}
	if g.cursor >= g.offset+height {
		g.offset = g.cursor - height + 1
	}
	g.offset = min(max(g.offset, 0), max(len(g.groups)-height, 0))
}

// render draws the visible groups, like the table draws rows.
func (g *groupView) render(st theme.Styles, width, height int) string {
	g.move(0, height)
	const n, sel, when, risk, users, ips = 9, 9, 16, 7, 6, 6
	keyWidth := max(width-markWidth-n-sel-when-risk-users-ips-6, 10)
	header := strings.Repeat(" ", markWidth) + fit(strings.ToUpper(g.by.String()), keyWidth) + " " +
		fit("SIGN-INS", n) + " " + fit("SELECTED", sel) + " " + fit("NEWEST (UTC)", when) + " " +
		fit("RISK", risk) + " " + fit("USERS", users) + " " + fit("IPS", ips)
	var b strings.Builder
	b.WriteString(st.TableHeader.Render(fit(header, width)))
	end := min(g.offset+height, len(g.groups))
	for i := g.offset; i < end; i++ {
		gr := &g.groups[i]
		mark := "  "
		switch {
		case gr.selected == len(gr.rows):
			mark = " ●"
		case gr.selected > 0:
			mark = " ◐"
		}
		cursor := " "
		if i == g.cursor {
			cursor = "▸"
		}
		line := cursor + mark[1:] + " " + fit(gr.label, keyWidth) + " " + fit(fmt.Sprint(len(gr.rows)), n) + " " +
			fit(fmt.Sprint(gr.selected), sel) + " " + fit(gr.newest.UTC().Format("2006-01-02 15:04"), when) + " " +
			fit(orDashText(string(gr.risk)), risk) + " " + fit(fmt.Sprint(gr.users), users) + " " + fit(fmt.Sprint(gr.ips), ips)
		b.WriteString("\n")
		if i == g.cursor {
			b.WriteString(st.CursorRow.Render(fit(line, width)))
		} else {
			b.WriteString(st.Row.Render(fit(line, width)))
		}
	}
	for i := end; i < g.offset+height; i++ {
		b.WriteString("\n")
	}
	return b.String()
}

// handleGroupKey moves between groups, selects a group's sign-ins, opens
// one, or changes what the rows are grouped by.
func (m *Model) handleGroupKey(msg tea.KeyPressMsg) {
	k, g, h := m.keys, m.groups, m.table.height
	switch {
	case key.Matches(msg, k.Group):
		m.groups = nil
	case key.Matches(msg, k.GroupBy):
		g.by = (g.by + 1) % groupBys
		g.cursor, g.offset = 0, 0
		m.grouped = -1 // gather again
	case key.Matches(msg, k.Up):
		g.move(-1, h)
	case key.Matches(msg, k.Down):
		g.move(1, h)
	case key.Matches(msg, k.PageUp):
		g.move(-h, h)
	case key.Matches(msg, k.PageDown):
		g.move(h, h)
	case key.Matches(msg, k.Top):
		g.move(-len(g.groups), h)
	case key.Matches(msg, k.Bottom):
		g.move(len(g.groups), h)
	case key.Matches(msg, k.Toggle):
		m.toggleGroup()
	case key.Matches(msg, k.Details):
		m.openGroup()
	}
}

// toggleGroup selects every sign-in of the group under the cursor, or, when
// all of them are selected already, none.
func (m *Model) toggleGroup() {
	gr := m.groups.current()
	if gr == nil {
		return
	}
	all := gr.selected == len(gr.rows)
	for _, pos := range gr.rows {
		id := m.table.rows[pos].ID
		if all {
			m.selected.remove(id)
		} else {
			m.selected.add(id)
		}
	}
	m.groups.move(1, m.table.height)
}

// openGroup shows the group's rows in the table; esc comes back.
func (m *Model) openGroup() {
	gr := m.groups.current()
	if gr == nil {
		return
	}
	m.find.pick = &groupPick{by: m.groups.by, key: gr.key, label: gr.label}
	m.lastGroups = m.groups
	m.groups = nil
	m.refilter()
	m.table.moveTo(0)
}

// closePick leaves an opened group for the grouped view.
func (m *Model) closePick() {
	m.find.pick = nil
	m.groups = m.lastGroups
	if m.groups == nil {
		m.groups = &groupView{}
	}
	m.grouped = -1
	m.refilter()
}

// refreshGroups gathers the groups again when the rows in view changed, and
// recounts their selections after every message.
func (m *Model) refreshGroups() {
	g := m.groups
	if g == nil {
		return
	}
	if m.grouped != m.table.version {
		g.regroup(&m.table)
		m.grouped = m.table.version
	}
	g.countSelected(&m.table, m.selected)
	g.move(0, m.table.height)
}

// groupPick limits the view to one group's sign-ins (an opened group).
type groupPick struct {
	by    groupBy
	key   string
	label string
}

func (p *groupPick) match(s *graph.SignIn) bool {
	return slices.Contains(p.by.keys(s), p.key)
}
