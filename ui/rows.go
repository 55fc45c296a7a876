package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/signin-triage/signin-triage/graph"
)

// rowsScreen is the table of sign-ins: the screen at the bottom of the
// stack, and, opened from a group, the rows of that group (picked).
type rowsScreen struct {
	ses    *session
	picked bool // the rows of an opened group; esc goes back to the groups
}

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(10, func(ses *session) screen { return newRowsScreen(ses, false) })
	addScreenKind(30, func(ses *session) screen { return newRowsScreen(ses, true) })
}

func newRowsScreen(ses *session, picked bool) *rowsScreen {
	return &rowsScreen{ses: ses, picked: picked}
}

func (r *rowsScreen) title() string {
	if r.picked {
		return "Rows of a group"
	}
	return "Rows"
}

func (r *rowsScreen) layer() layer { return layerBody }

func (r *rowsScreen) commands() []command {
	ses, k, t := r.ses, r.ses.keys, &r.ses.table
	rangeKey := k.Range
	if ses.rng.active {
		rangeKey = described(k.Range, "end range")
	}
	// Most used first: the footer shows as many as fit, in this order.
	cmds := []command{
		live(k.Toggle, func() action { r.toggle(); return nil }),
		live(k.Filter, func() action { return startFilter(newFilterInput(ses)) }),
	}
	cmds = append(cmds, ses.verdictCommands()...)
	cmds = append(cmds, ses.signInCommand(), ses.quitCommand(),
		offUnless(t.shownLen() > 0, "no row is in view", described(k.Details, "details"), func() action { return r.openDetails() }),
		offUnless(t.shownLen() > 0, "no row is in view", k.UserLog, func() action {
			s, _ := t.current()
			return pushScreen{newUserLogScreen(ses, s)}
		}))
	switch back := func() action { return popScreen{} }; {
	case ses.rng.active: // esc leaves the range first, selecting nothing
		cmds = append(cmds, live(described(k.Back, "cancel the range"), func() action {
			ses.rng = span{}
			ses.note = "Range canceled: it selected nothing."
			return nil
		}))
		if r.picked {
			cmds = append(cmds, live(described(k.Group, "groups"), back))
		} else {
			cmds = append(cmds, live(k.Group, func() action { return pushScreen{newGroupsScreen(ses)} }))
		}
	case r.picked:
		cmds = append(cmds, live(described(k.Back, "back to the groups"), back), live(described(k.Group, "groups"), back))
	default:
		cmds = append(cmds, live(k.Group, func() action { return pushScreen{newGroupsScreen(ses)} }))
	}
	cmds = append(cmds,
		live(rangeKey, func() action { r.toggleRange(); return nil }),
		live(k.SelectAll, func() action { r.selectAll(); return nil }),
		live(k.Clear, func() action { ses.rng = span{}; ses.selected.clear(); return nil }),
		live(k.SelectedOnly, func() action { ses.toggleSelectedOnly(); return nil }),
		ses.hideHandledCommand(),
		live(k.Sort, func() action { ses.setOrder(ses.order.next()); return nil }),
		live(k.SortOrder, func() action { ses.setOrder(sortSpec{field: ses.order.field, asc: !ses.order.asc}); return nil }),
	)
	cmds = append(cmds, ses.listCommands()...)
	cmds = append(cmds, t.navCommands(k, t.shownLen)...)
	return append(cmds, ses.followUpCommand(), ses.riskyUsersCommand(), ses.helpCommand(r))
}

// listCommands are the keys about the listing and the session that the
// rows and the groups share.
func (ses *session) listCommands() []command {
	k := ses.keys
	reload := k.Reload
	if ses.listing.err != nil && ses.table.len() > 0 {
		reload = described(k.Reload, "resume the listing")
	}
	return []command{
		live(k.Query, func() action { return pushScreen{newQueryEditor(ses)} }),
		live(reload, func() action { return reloadList{} }),
		live(k.Export, func() action {
			ses.endRange() // a range in progress counts as selected
			return pushScreen{&exportDialog{ses: ses, inView: ses.table.shownLen(), selected: ses.selected.len()}}
		}),
		live(k.RequestLog, func() action { return pushScreen{newRequestLogScreen(ses)} }),
	}
}

func (r *rowsScreen) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(r.commands(), msg)
}

func (r *rowsScreen) view(width, height int) string {
	out := r.ses.table.render(r.ses.styles, r.ses.measure, r.ses.askedState(), r.ses.rowMark)
	if r.ses.table.shownLen() > 0 {
		return out
	}
	return withMessage(out, r.ses.styles.Muted.Render, width, r.ses.emptyText())
}

// emptyText says why no row is on show: nothing loaded yet, nothing
// matched what was asked of Graph, or what narrows the view leaves none.
func (ses *session) emptyText() string {
	n := ses.table.len()
	switch {
	case n == 0 && ses.listing.loading:
		return "Loading the first page of sign-ins…"
	case n == 0 && ses.listing.err != nil:
		return "Nothing is loaded: the listing failed (below)."
	case n == 0:
		return fmt.Sprintf("Graph holds no sign-in for this query (%s). %s changes what is fetched.",
			graph.DescribeQuery(ses.query), ses.keys.Query.Help().Key)
	}
	var then []string
	if !ses.find.filter.Empty() {
		then = append(then, fmt.Sprintf("%s starts a new filter (%s brings this one back)", ses.keys.Filter.Help().Key, ses.keys.FilterEarlier.Help().Key))
	}
	if ses.find.pick != nil {
		then = append(then, ses.keys.Back.Help().Key+" goes back to the groups")
	}
	text := fmt.Sprintf("None of the %s loaded is in view: %s leaves none.", plural(n, "sign-in"), ses.narrowedBy())
	if len(then) > 0 {
		text += " " + strings.Join(then, "; ") + "."
	}
	return text
}

// withMessage writes text, wrapped, two lines under a table's titles.
func withMessage(table string, style func(...string) string, width int, text string) string {
	lines := strings.Split(table, "\n")
	for i, l := range strings.Split(wrapWords(text, max(width-4, 20)), "\n") {
		if at := 2 + i; at < len(lines) {
			lines[at] = style(fit("  "+l, width))
		}
	}
	return strings.Join(lines, "\n")
}

// toggle selects or unselects the row under the cursor and moves down; in
// a range, it ends the range.
func (r *rowsScreen) toggle() {
	ses, t := r.ses, &r.ses.table
	if ses.rng.active {
		ses.endRange()
		return
	}
	if s, ok := t.current(); ok {
		ses.selected.toggle(s.ID)
		t.move(1)
	}
}

func (r *rowsScreen) toggleRange() {
	ses, t := r.ses, &r.ses.table
	if ses.rng.active {
		ses.endRange()
	} else if t.shownLen() > 0 {
		ses.rng = span{active: true, anchor: t.cursor}
	}
}

// selectAll selects every row in view: a flag per row.
func (r *rowsScreen) selectAll() {
	r.ses.endRange()
	r.ses.selectAt(r.ses.table.view, true)
}

func (r *rowsScreen) openDetails() action {
	s, ok := r.ses.table.current()
	if !ok {
		return nil
	}
	return pushScreen{newDetailsScreen(r.ses, s.ID)}
}

// closing leaves an opened group: the view shows every row again.
func (r *rowsScreen) closing() {
	if r.picked {
		r.ses.find.pick = nil
		r.ses.refilter()
	}
}
