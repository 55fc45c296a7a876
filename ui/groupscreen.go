package ui

import (
	"slices"

	tea "charm.land/bubbletea/v2"
	"github.com/signin-triage/signin-triage/graph"
)

// groupsScreen is the rows gathered into groups (tab). The filter
// applies inside; enter opens a group's rows on top of it.
type groupsScreen struct {
	ses        *session
	g          groupView
	built      int // the table's view version the groups were gathered from
	countedSel int // the selection's version the groups' selections were counted for
}

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(20, func(ses *session) screen { return newGroupsScreen(ses) })
}

func newGroupsScreen(ses *session) *groupsScreen {
	return &groupsScreen{ses: ses, g: newGroupView(), built: -1}
}

func (gs *groupsScreen) title() string { return "Groups" }

func (gs *groupsScreen) layer() layer { return layerBody }

func (gs *groupsScreen) commands() []command {
	ses, k, g := gs.ses, gs.ses.keys, &gs.g
	n := func() int { return len(g.groups) }
	hasGroup := "no group is in view"
	cmds := []command{
		offUnless(g.current() != nil, hasGroup, described(k.Toggle, "select group"), func() action { gs.toggleGroup(); return nil }),
		live(k.Filter, func() action { return startFilter(newFilterInput(ses)) }),
	}
	cmds = append(cmds, ses.verdictCommands()...)
	cmds = append(cmds, ses.signInCommand(), ses.quitCommand(),
		offUnless(g.current() != nil, hasGroup, described(k.Details, "open group"), func() action { return gs.openGroup() }),
		live(described(k.Group, "back to the rows"), func() action { return popScreen{} }),
		live(k.GroupBy, func() action { gs.cycle(1); return nil }),
		live(k.GroupByBack, func() action { gs.cycle(groupBys - 1); return nil }),
		live(k.SelectedOnly, func() action { ses.toggleSelectedOnly(); return nil }),
		ses.hideHandledCommand(),
		live(described(k.Sort, "sort groups by "+((g.order+1)%groupOrders).String()), func() action {
			g.order = (g.order + 1) % groupOrders
			g.resort()
			return nil
		}),
		live(described(k.SortOrder, "reverse the groups' order"), func() action {
			g.reversed = !g.reversed
			g.resort()
			return nil
		}),
	)
	cmds = append(cmds, ses.listCommands()...)
	cmds = append(cmds, g.navCommands(k, n)...)
	return append(cmds, ses.followUpCommand(), ses.riskyUsersCommand(), ses.helpCommand(gs))
}

// cycle groups by the key step places on in the order of group keys.
func (gs *groupsScreen) cycle(step groupBy) {
	gs.g.setBy((gs.g.by + step) % groupBys)
	gs.built = -1
	gs.refresh()
}

func (gs *groupsScreen) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(gs.commands(), msg)
}

func (gs *groupsScreen) view(width, height int) string {
	out := gs.g.render(gs.ses.styles, gs.ses.measure, width, height-1) // a line for the column titles
	if len(gs.g.groups) > 0 {
		return out
	}
	return withMessage(out, gs.ses.styles.Muted.Render, width, gs.ses.emptyText())
}

// refresh gathers the groups again when the rows in view changed, and
// recounts their selections.
func (gs *groupsScreen) refresh() bool {
	t := &gs.ses.table
	regrouped := gs.built != t.version
	if regrouped {
		gs.g.regroup(t)
		gs.built = t.version
	}
	// Counting walks every grouped sign-in: only when the groups or the
	// selection changed.
	if regrouped || gs.countedSel != gs.ses.selected.version {
		gs.g.countSelected(gs.ses.selected.flags())
		gs.countedSel = gs.ses.selected.version
	}
	gs.g.setSize(gs.ses.width, t.height, len(gs.g.groups))
	return true
}

// toggleGroup selects every sign-in of the group under the cursor, or, when
// all of them are selected already, none.
func (gs *groupsScreen) toggleGroup() {
	ses, gr := gs.ses, gs.g.current()
	if gr == nil {
		return
	}
	ses.selectAt(gr.rows, gr.selected != len(gr.rows))
	gs.g.move(1, len(gs.g.groups))
}

// openGroup shows the group's rows; esc comes back.
func (gs *groupsScreen) openGroup() action {
	gr := gs.g.current()
	if gr == nil {
		return nil
	}
	gs.ses.find.pick = &groupPick{by: gs.g.by, key: gr.key, label: gr.label, size: len(gr.rows)}
	gs.ses.refilter()
	gs.ses.table.moveTo(0)
	return pushScreen{newRowsScreen(gs.ses, true)}
}

// groupPick limits the view to one group's sign-ins (an opened group).
type groupPick struct {
	by    groupBy
	key   string
	label string
	size  int // the group's sign-ins when it was opened
}

func (p *groupPick) match(s *graph.SignIn) bool {
	return slices.Contains(p.by.keys(s), p.key)
}
