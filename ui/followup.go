package ui

import (
	"cmp"
	"encoding/csv"
	"fmt"
	"io"
	"slices"
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/export"
)

// followUp is a user whose sign-ins Graph accepted a verdict for that
// leaves work to do (a compromise: reset the password, revoke sessions).
type followUp struct {
	name, userID string
	signIns      int
	todo         string // the verdict's FollowUp
}

// followUps are this session's users to follow up, by user key.
type followUps map[string]*followUp

// add records that Graph accepted v for the sign-in id (s, if loaded).
func (f followUps) add(t *signInTable, v graph.Verdict, id string) {
	if v.FollowUp == "" {
		return
	}
	key, name, userID := "sign-in "+id, "(sign-in "+shortID(id)+", not loaded)", ""
	if s := t.byID(id); s != nil {
		key, name, userID = s.UserKey(), orDashText(t.userName(s)), s.UserID
	}
	u, ok := f[key]
	if !ok {
		u = &followUp{name: name, userID: userID, todo: v.FollowUp}
		f[key] = u
	}
	u.signIns++
}

// sorted lists them by name.
func (f followUps) sorted() []*followUp {
	out := make([]*followUp, 0, len(f))
	for _, u := range f {
		out = append(out, u)
	}
	slices.SortFunc(out, func(a, b *followUp) int { return cmp.Compare(a.name, b.name) })
	return out
}

// lines says what remains, a line a user, under a heading; nil when
// nothing does.
func (f followUps) lines() []string {
	if len(f) == 0 {
		return nil
	}
	users := f.sorted()
	out := []string{fmt.Sprintf("To follow up, %s: %s.", plural(len(users), "user"), users[0].todo)}
	for _, u := range users {
		out = append(out, fmt.Sprintf("  %s  %s  (%s confirmed compromised)", u.name, cmp.Or(u.userID, "–"), plural(u.signIns, "sign-in")))
	}
	return out
}

// exportFollowUpsCmd writes the users to follow up as CSV, off the update
// loop.
func exportFollowUpsCmd(users []*followUp, dir string, now time.Time) tea.Cmd {
	rows := [][]string{{"user", "userId", "signInsConfirmedCompromised", "toDo"}}
	for _, u := range users {
		rows = append(rows, []string{export.Defuse(u.name), export.Defuse(u.userID), strconv.Itoa(u.signIns), u.todo})
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
