package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// followUpScreen lists the users a compromise left work for (F), with
// each step's state from the journal and this session, and sends the
// user actions for the users selected on it, through the verdicts' dialog
// and guard: R revokes their sessions, C confirms them compromised, D
// dismisses their risk (a reversal, which the guard asks twice for).
type followUpScreen struct {
	pager
	ses      *session
	at       int             // the cursor, in the list
	selected map[string]bool // user IDs
	users    []followUp      // as last drawn
}

func newFollowUpScreen(ses *session) *followUpScreen {
	f := &followUpScreen{pager: newPager(), ses: ses, selected: map[string]bool{}}
	f.refresh()
	return f
}

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(47, func(ses *session) screen { return newFollowUpScreen(ses) })
}

func (f *followUpScreen) title() string { return "Users to follow up" }

func (f *followUpScreen) commands() []command {
	ses, k := f.ses, f.ses.keys
	back := func() action { return popScreen{} }
	none := ""
	if len(f.users) == 0 {
		none = "no user is to follow up"
	}
	cmds := []command{
		offUnless(none == "", none, described(k.Toggle, "select the user"), func() action {
			id := f.users[f.at].User
			f.selected[id] = !f.selected[id]
			if !f.selected[id] {
				delete(f.selected, id)
			}
			f.move(1)
			return nil
		}),
		offUnless(none == "", none, described(k.SelectAll, "select every user"), func() action {
			for _, u := range f.users {
				f.selected[u.User] = true
			}
			return nil
		}),
		offUnless(len(f.selected) > 0, "nothing is selected", described(k.Clear, "clear the selection"), func() action {
			clear(f.selected)
			return nil
		}),
	}
	cmds = append(cmds, ses.userActionCommands(f.chosen)...)
	logWhy := none
	if none == "" && ses.signInByID(f.users[f.at].SignIns[0]) == nil {
		logWhy = "none of this user's sign-ins is loaded here (it was confirmed in an earlier session)"
	}
	cmds = append(cmds,
		offUnless(logWhy == "", logWhy, described(k.UserLog, "the user's own sign-ins"), func() action {
			return pushScreen{newUserLogScreen(ses, *ses.signInByID(f.users[f.at].SignIns[0]))}
		}),
		offUnless(none == "", none, described(k.Export, "export the list"), func() action { return exportRows{followUps: true} }),
		live(described(k.Back, "back"), back), live(described(k.FollowUp, "close"), back))
	cmds = append(cmds, ses.readerQuitCommands()...)
	return append(cmds,
		live(described(k.Up, "previous user"), func() action { f.move(-1); return nil }),
		live(described(k.Down, "next user"), func() action { f.move(1); return nil }),
		live(k.Top, func() action { f.move(-len(f.users)); return nil }),
		live(k.Bottom, func() action { f.move(len(f.users)); return nil }),
		ses.helpCommand(f))
}

// chosen are the selected users, in the list's order, with their names.
func (f *followUpScreen) chosen() []followUp {
	var out []followUp
	for _, u := range f.users {
		if f.selected[u.User] {
			out = append(out, u)
		}
	}
	return out
}

func (f *followUpScreen) move(delta int) {
	f.at = max(0, min(f.at+delta, len(f.users)-1))
}

func (f *followUpScreen) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(f.commands(), msg)
}

// refresh reads the list again after every message: a step done, or a
// compromise reversed, shows at once.
func (f *followUpScreen) refresh() bool {
	f.users = f.ses.followUps()
	f.move(0)
	f.show(f.ses, f.text())
	return true
}

// text is the list: a heading, what the keys do, then a line a user.
func (f *followUpScreen) text() string {
	ses, st, width := f.ses, f.ses.styles, f.ses.width
	var lines []string
	add := func(style func(...string) string, text string) {
		for _, l := range strings.Split(wrapIndented(text, max(width, 40), 2), "\n") {
			lines = append(lines, style(fit(l, width)))
		}
	}
	add(st.PaneTitle.Render, fmt.Sprintf("Users to follow up: %s, %d selected · a sign-in of each was confirmed compromised",
		plural(len(f.users), "user"), len(f.chosen())))
	if len(ses.graph.UserActions()) == 0 {
		add(st.Warn.Render, graph.UserActionsOff+".")
	}
	add(st.Muted.Render, "Reset each password yourself (Graph's password reset is not offered here). "+
		"The sessions and the user's risk are done from here, and the journal keeps what was done.")
	if len(f.users) == 0 {
		add(st.Muted.Render, "No user to follow up: no sign-in is confirmed compromised in this session or in the journal of the last 90 days.")
		return strings.Join(lines, "\n")
	}
	lines = append(lines, "")
	for i, u := range f.users {
		mark, style := "  ", st.Row.Render
		if f.selected[u.User] {
			mark = "● "
		}
		if i == f.at {
			style = st.CursorRow.Render
		}
		steps := make([]string, len(u.Steps))
		for j, s := range u.Steps {
			steps[j] = stepWords(s)
		}
		tail := fmt.Sprintf("%s · %s", plural(len(u.SignIns), "sign-in"), strings.Join(steps, " · "))
		who := fit(u.who(), max(12, min(36, width-4-len([]rune(tail))-2)))
		lines = append(lines, style(fit(mark+who+"  "+tail, width)))
	}
	return strings.Join(lines, "\n")
}
