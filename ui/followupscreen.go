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
	firstRow int             // the text's line of the first row, for scrolling
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
	f.show(f.ses, f.text())
	followLine(&f.vp, f.firstRow+f.at)
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

// stepCell is a step's state in a column: "revoked ✓", "not yet",
// "✗ failed", "? in doubt".
func stepCell(s graph.Step, done string) string {
	switch s.State {
	case graph.StepDone:
		return done + " ✓"
	case graph.StepFailed:
		return "✗ failed"
	case graph.StepInDoubt:
		return "? in doubt"
	}
	return "not yet"
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
	add(st.Muted.Render, "SIGN-INS counts each user's sign-ins confirmed compromised. R revokes the sessions and C confirms the user "+
		"compromised, for the selected; the journal keeps what was done. Reset each password yourself: it is not offered here.")
	if len(f.users) == 0 {
		add(st.Muted.Render, "No user to follow up: no sign-in is confirmed compromised in this session or in the journal of the last 90 days.")
		return strings.Join(lines, "\n")
	}
	lines = append(lines, "")
	// The name takes what the three state columns leave, 20 cells at least.
	const cols = 2 + 2 + 9 + 2 + 14 + 2 + 16
	nameCells := max(20, min(40, width-cols))
	lines = append(lines, st.TableHeader.Render(fit(fmt.Sprintf("  %-*s  %-9s  %-14s  %s", nameCells, "USER", "SIGN-INS", "SESSIONS", "USER RISK"), width)))
	f.firstRow = len(lines)
	for i, u := range f.users {
		mark, style := "  ", st.Row.Render
		if f.selected[u.User] {
			mark = "● "
		}
		if i == f.at {
			style = st.CursorRow.Render
		}
		sessions, _ := u.Step(graph.ActionRevokeSessions)
		risk, _ := u.Step(graph.ActionConfirmUserCompromised)
		row := fmt.Sprintf("%s%s  %-9s  %-14s  %s", mark, fit(u.who(), nameCells), fmt.Sprintf("%d compr.", len(u.SignIns)),
			stepCell(sessions, "revoked"), stepCell(risk, "compromised"))
		lines = append(lines, style(fit(row, width)))
	}
	return strings.Join(lines, "\n")
}
