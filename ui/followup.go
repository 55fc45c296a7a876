package ui

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/export"
)

// followUp is a user a compromise left work for, as this session shows
// it: graph's follow-up (the user, their sign-ins confirmed compromised,
// each user action done or not, from the journal and this session) and
// the user's name where a sign-in of theirs is loaded or was sent.
type followUp struct {
	graph.FollowUp
	name string
}

// who is the user's name, or the ID when no name is known here.
func (f followUp) who() string { return cmp.Or(f.name, f.User) }

// followUps are the users to follow up, by name, then ID. They are the
// guard's memory's (graph.Verdicts.FollowUps): a reversed compromise
// leaves the list, and a step done in an earlier session shows done.
func (ses *session) followUps() []followUp {
	var out []followUp
	for _, f := range ses.verdicts.FollowUps(ses.graph.Memory()) {
		out = append(out, followUp{FollowUp: f, name: ses.userNameOf(f.SignIns)})
	}
	slices.SortFunc(out, func(a, b followUp) int {
		return cmp.Or(cmp.Compare(a.who(), b.who()), cmp.Compare(a.User, b.User))
	})
	return out
}

// userNameOf is the name of the user of the first of ids this session
// knows: loaded, in a user's log, or sent.
func (ses *session) userNameOf(ids []string) string {
	for _, id := range ids {
		if s := ses.signInByID(id); s != nil {
			return orDashText(ses.table.userName(s))
		}
		if u, ok := ses.sentUsers[id]; ok {
			return u.name
		}
	}
	return ""
}

// stepWords is a step's state for a line of text: "sessions revoked ✓".
func stepWords(s graph.Step) string {
	done := map[string]string{graph.ActionRevokeSessions: "sessions revoked", graph.ActionConfirmUserCompromised: "user confirmed compromised"}[s.Action.Name]
	todo := map[string]string{graph.ActionRevokeSessions: "sessions not revoked", graph.ActionConfirmUserCompromised: "user not confirmed compromised"}[s.Action.Name]
	switch s.State {
	case graph.StepDone:
		return done + " ✓"
	case graph.StepFailed:
		return "✗ " + todo + " (failed)"
	case graph.StepInDoubt:
		return "? " + todo + " (in doubt)"
	}
	return todo
}

// pending counts the users with a step still to do.
func pending(users []followUp) int {
	n := 0
	for _, u := range users {
		if !u.Done() {
			n++
		}
	}
	return n
}

// followUpLines says who remains and what is done, a line a user, under
// a heading; nil when no one is to follow up.
func (ses *session) followUpLines() []string {
	users := ses.followUps()
	if len(users) == 0 {
		return nil
	}
	head := fmt.Sprintf("To follow up, %s (a sign-in confirmed compromised): reset each password, revoke the sessions, confirm the user compromised",
		plural(len(users), "user"))
	if len(ses.graph.UserActions()) > 0 {
		head += fmt.Sprintf(" (%s lists them and does the last two)", ses.keys.FollowUp.Help().Key)
	}
	out := []string{head + "."}
	for _, u := range users {
		steps := make([]string, len(u.Steps))
		for i, s := range u.Steps {
			steps[i] = stepWords(s)
		}
		out = append(out, fmt.Sprintf("  %s  %s  (%s confirmed compromised)  %s", u.who(), u.User, plural(len(u.SignIns), "sign-in"), strings.Join(steps, ", ")))
	}
	return out
}

// exportFollowUpsCmd writes the users to follow up as CSV, with each
// step's state, off the update loop.
func exportFollowUpsCmd(users []followUp, dir string, now time.Time) tea.Cmd {
	rows := [][]string{{"user", "userId", "signInsConfirmedCompromised", graph.ActionRevokeSessions, graph.ActionConfirmUserCompromised, "toDo"}}
	for _, u := range users {
		row := []string{export.Defuse(u.name), export.Defuse(u.User), strconv.Itoa(len(u.SignIns))}
		for _, name := range graph.FollowUpSteps() {
			s, _ := u.Step(name)
			row = append(row, s.State.String())
		}
		rows = append(rows, append(row, "reset the password; revoke the sessions; confirm the user compromised"))
	}
	return func() tea.Msg {
		write := func(w io.Writer) error {
			cw := csv.NewWriter(w)
			return cw.WriteAll(rows)
		}
		paths, err := export.WriteFiles(dir, "signin-triage-follow-up-"+now.UTC().Format("20060102-150405"), []export.Part{{Ext: ".csv", Write: write}})
		if err != nil {
			return exportDoneMsg{err: err}
		}
		return exportDoneMsg{n: len(users), paths: paths, what: "user to follow up"}
	}
}
