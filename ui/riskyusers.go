package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// riskyUsersScreen lists identityProtection/riskyUsers (W), as the Entra
// admin center's Risky users blade does: each user's risk level, state
// and detail, when it last changed, and how many of the user's sign-ins
// this session has loaded and how many of those are at risk. It sorts
// (o, O), filters (/, words that must all appear), opens a user's own log
// (U), and sends the user actions for the users selected on it (R, C, D)
// through the verdicts' dialog and guard.
type riskyUsersScreen struct {
	pager
	ses      *session
	rows     []graph.RiskyUserRow // as read, in Graph's order
	shown    []int                // rows in view, sorted
	firstRow int                  // the text's line of the first row, for scrolling
	at       int                  // the cursor, in shown
	selected map[string]bool
	order    int
	reverse  bool
	input    textinput.Model
	loading  bool
	more     bool // the list stopped at graph.MaxRiskyUsers
	err      error
	counts   map[string][2]int // user ID -> loaded sign-ins, at risk
	countsOf [2]int            // the table's length and edits counts were taken at
}

// riskyUserOrders are the orders o cycles through.
var riskyUserOrders = []struct {
	name string
	less func(a, b graph.RiskyUserRow, counts map[string][2]int) int
}{
	{"risk level", func(a, b graph.RiskyUserRow, _ map[string][2]int) int {
		return cmp.Compare(levelRank(b.Level), levelRank(a.Level))
	}},
	{"last updated", func(a, b graph.RiskyUserRow, _ map[string][2]int) int { return b.Updated.Compare(a.Updated) }},
	{"user", func(a, b graph.RiskyUserRow, _ map[string][2]int) int { return cmp.Compare(a.UPN, b.UPN) }},
	{"sign-ins loaded", func(a, b graph.RiskyUserRow, c map[string][2]int) int { return cmp.Compare(c[b.ID][0], c[a.ID][0]) }},
}

func levelRank(l string) int {
	return map[string]int{"high": 4, "medium": 3, "low": 2, "hidden": 1}[l]
}

type riskyUsersMsg struct {
	rows []graph.RiskyUserRow
	more bool
	err  error
}

func newRiskyUsersScreen(ses *session) *riskyUsersScreen {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = "words that must all appear: a name, high, atRisk, dismissed"
	in.SetStyles(ses.styles.Input)
	r := &riskyUsersScreen{pager: newPager(), ses: ses, selected: map[string]bool{}, input: in}
	r.refresh()
	return r
}

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(48, func(ses *session) screen { return newRiskyUsersScreen(ses) })
	addScreenKind(66, func(ses *session) screen { return newRiskyUsersFilter(newRiskyUsersScreen(ses)) })
}

// newRiskyUsersFilter types the risky users' filter, as the table's is typed.
func newRiskyUsersFilter(r *riskyUsersScreen) *filterInput {
	return &filterInput{name: "Risky users filter input", input: &r.input, apply: func(string) { r.rebuild() }, ses: r.ses, history: &r.ses.riskyFilters}
}

func (r *riskyUsersScreen) title() string { return "Risky users" }

// focus reads the list the first time the screen comes on top.
func (r *riskyUsersScreen) focus() tea.Cmd {
	if r.loading || r.rows != nil || r.err != nil {
		return nil
	}
	r.loading = true
	g, ctx := r.ses.graph, r.ses.ctx
	return replyTo(r, func() tea.Msg {
		rows, more, err := g.RiskyUsers(ctx)
		return riskyUsersMsg{rows: rows, more: more, err: err}
	})
}

func (r *riskyUsersScreen) receive(msg tea.Msg) tea.Cmd {
	if m, ok := msg.(riskyUsersMsg); ok {
		r.loading, r.rows, r.more, r.err = false, m.rows, m.more, m.err
		if r.rows == nil {
			r.rows = []graph.RiskyUserRow{}
		}
		r.rebuild()
	}
	return nil
}

func (r *riskyUsersScreen) commands() []command {
	ses, k := r.ses, r.ses.keys
	back := func() action { return popScreen{} }
	none := ""
	if len(r.shown) == 0 {
		none = "no risky user is in view"
	}
	cmds := []command{
		offUnless(none == "", none, described(k.Toggle, "select the user"), func() action {
			id := r.current().ID
			if r.selected[id] = !r.selected[id]; !r.selected[id] {
				delete(r.selected, id)
			}
			r.move(1)
			return nil
		}),
		offUnless(none == "", none, described(k.SelectAll, "select every user in view"), func() action {
			for _, i := range r.shown {
				r.selected[r.rows[i].ID] = true
			}
			return nil
		}),
		offUnless(len(r.selected) > 0, "nothing is selected", described(k.Clear, "clear the selection"), func() action {
			clear(r.selected)
			return nil
		}),
	}
	cmds = append(cmds, ses.userActionCommands(r.chosen)...)
	cmds = append(cmds,
		offUnless(none == "", none, described(k.UserLog, "the user's own sign-ins"), func() action {
			u := r.current()
			return pushScreen{newUserLogScreen(ses, graph.SignIn{UserID: u.ID, UPN: u.UPN, UserDisplayName: u.DisplayName})}
		}),
		live(described(k.Filter, "filter the risky users"), func() action { return startFilter(newRiskyUsersFilter(r)) }),
		live(described(k.Sort, "sort by "+riskyUserOrders[(r.order+1)%len(riskyUserOrders)].name), func() action {
			r.order = (r.order + 1) % len(riskyUserOrders)
			r.rebuild()
			return nil
		}),
		live(k.SortOrder, func() action { r.reverse = !r.reverse; r.rebuild(); return nil }),
		live(described(k.Back, "back"), back), live(described(k.RiskyUsers, "close"), back))
	cmds = append(cmds, ses.readerQuitCommands()...)
	return append(cmds,
		live(described(k.Up, "previous user"), func() action { r.move(-1); return nil }),
		live(described(k.Down, "next user"), func() action { r.move(1); return nil }),
		live(k.Top, func() action { r.move(-len(r.shown)); return nil }),
		live(k.Bottom, func() action { r.move(len(r.shown)); return nil }),
		ses.helpCommand(r))
}

func (r *riskyUsersScreen) current() graph.RiskyUserRow { return r.rows[r.shown[r.at]] }

// chosen are the selected users, in view order first, as the dialog
// names them.
func (r *riskyUsersScreen) chosen() []followUp {
	var out []followUp
	for _, i := range r.shown {
		if u := r.rows[i]; r.selected[u.ID] {
			out = append(out, followUp{FollowUp: graph.FollowUp{User: u.ID}, name: cmp.Or(u.UPN, u.DisplayName)})
		}
	}
	for _, u := range r.rows { // selected, then filtered out
		if r.selected[u.ID] && !slices.ContainsFunc(out, func(f followUp) bool { return f.User == u.ID }) {
			out = append(out, followUp{FollowUp: graph.FollowUp{User: u.ID}, name: cmp.Or(u.UPN, u.DisplayName)})
		}
	}
	return out
}

func (r *riskyUsersScreen) move(delta int) {
	r.at = max(0, min(r.at+delta, len(r.shown)-1))
	r.show(r.ses, r.text())
	followLine(&r.vp, r.firstRow+r.at)
}

func (r *riskyUsersScreen) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(r.commands(), msg)
}

// countSignIns counts, by user, the loaded sign-ins and those at risk,
// again only when the table changed.
func (r *riskyUsersScreen) countSignIns() {
	t := &r.ses.table
	if now := [2]int{t.len(), t.edits}; r.counts != nil && now == r.countsOf {
		return
	}
	r.counts, r.countsOf = map[string][2]int{}, [2]int{t.len(), t.edits}
	for i := range t.rows {
		s := &t.rows[i]
		c := r.counts[graph.CanonicalID(s.UserID)]
		c[0]++
		if s.RiskState == graph.RiskStateAtRisk {
			c[1]++
		}
		r.counts[graph.CanonicalID(s.UserID)] = c
	}
}

// rebuild filters and sorts the rows in view.
func (r *riskyUsersScreen) rebuild() {
	r.countSignIns()
	words := strings.Fields(strings.ToLower(r.input.Value()))
	r.shown = r.shown[:0]
	for i, u := range r.rows {
		text := strings.ToLower(strings.Join([]string{u.UPN, u.DisplayName, u.ID, u.Level, u.State, u.Detail}, " "))
		if !slices.ContainsFunc(words, func(w string) bool { return !strings.Contains(text, w) }) {
			r.shown = append(r.shown, i)
		}
	}
	by := riskyUserOrders[r.order].less
	slices.SortStableFunc(r.shown, func(a, b int) int {
		c := by(r.rows[a], r.rows[b], r.counts)
		if r.reverse {
			c = -c
		}
		return c
	})
	r.move(0)
}

// refresh redraws after every message: counts follow the table.
func (r *riskyUsersScreen) refresh() bool {
	if r.counts == nil || r.countsOf != [2]int{r.ses.table.len(), r.ses.table.edits} {
		r.rebuild()
	}
	top := r.vp.YOffset()
	r.show(r.ses, r.text())
	r.vp.SetYOffset(top)
	return true
}

// text is the list: a heading, then a line a user.
func (r *riskyUsersScreen) text() string {
	ses, st, width := r.ses, r.ses.styles, r.ses.width
	var lines []string
	add := func(style func(...string) string, text string) {
		for _, l := range strings.Split(wrapIndented(text, max(width, 40), 2), "\n") {
			lines = append(lines, style(fit(l, width)))
		}
	}
	state := "complete"
	switch {
	case r.loading || r.rows == nil && r.err == nil:
		state = "loading…"
	case r.err != nil:
		state = "stopped: " + r.err.Error()
	case r.more:
		state = fmt.Sprintf("the first %d: the list stops there", graph.MaxRiskyUsers)
	}
	filter := ""
	if v := strings.TrimSpace(r.input.Value()); v != "" {
		filter = fmt.Sprintf(" · filter %q", v)
	}
	add(st.PaneTitle.Render, fmt.Sprintf("Risky users: %d of %d in view (%s)%s · %d selected · sorted by %s",
		len(r.shown), len(r.rows), state, filter, len(r.chosen()), riskyUserOrders[r.order].name))
	if len(ses.graph.UserActions()) == 0 {
		add(st.Warn.Render, graph.UserActionsOff+".")
	}
	add(st.Muted.Render, "LOADED counts this session's sign-ins of the user, and how many of them are at risk; U reads the user's whole log.")
	lines = append(lines, "")
	const cols = 2 + 2 + 7 + 2 + 21 + 2 + 11 + 2 + 9
	name := max(16, min(36, width-cols))
	detailCells := max(0, width-cols-name-2)
	head := fmt.Sprintf("  %-*s  %-7s  %-21s  %-11s  %-9s", name, "USER", "LEVEL", "STATE", "UPDATED", "LOADED")
	if detailCells >= 10 {
		head += "  DETAIL"
	}
	lines = append(lines, st.TableHeader.Render(fit(head, width)))
	r.firstRow = len(lines)
	for n, i := range r.shown {
		u := r.rows[i]
		mark, style := "  ", st.Row.Render
		if r.selected[u.ID] {
			mark = "● "
		}
		if n == r.at {
			style = st.CursorRow.Render
		}
		c := r.counts[u.ID]
		row := fmt.Sprintf("%s%s  %-7s  %-21s  %-11s  %-9s", mark, fit(cmp.Or(u.UPN, u.DisplayName, u.ID), name), fit(orDashText(u.Level), 7),
			fit(orDashText(u.State), 21), updatedText(u.Updated), fmt.Sprintf("%d, %d risk", c[0], c[1]))
		if detailCells >= 10 {
			row += "  " + fit(orDashText(u.Detail), detailCells)
		}
		lines = append(lines, style(fit(row, width)))
	}
	return strings.Join(lines, "\n")
}

// updatedText is a time in a column of 11: "11-24 07:00".
func updatedText(t time.Time) string {
	if t.IsZero() {
		return "–"
	}
	return t.UTC().Format("01-02 15:04")
}
