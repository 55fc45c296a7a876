package ui

import (
	"cmp"
	"slices"
	"strings"

	"charm.land/bubbles/v2/textinput"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/ui/filter"
)

// userLogOrder is one way to sort the user's log: by time (newest
// first, as Graph sends it), IP, country, app or result.
type userLogOrder struct {
	name    string
	compare func(a, b *graph.SignIn) int
}

var userLogOrders = []userLogOrder{
	{"time", func(a, b *graph.SignIn) int { return b.Created.Compare(a.Created) }},
	{"IP", func(a, b *graph.SignIn) int { return cmp.Compare(a.IP, b.IP) }},
	{"country", func(a, b *graph.SignIn) int { return cmp.Compare(placeOf(a).Country, placeOf(b).Country) }},
	{"app", func(a, b *graph.SignIn) int { return cmp.Compare(strings.ToLower(a.App), strings.ToLower(b.App)) }},
	{"result", func(a, b *graph.SignIn) int { return cmp.Compare(a.Result().String(), b.Result().String()) }},
}

// userLogView is what of the user's log is shown, and in which order:
// the filter (the table's syntax) and the sort. The baseline above the
// list is the whole log's, whatever the view.
type userLogView struct {
	input   textinput.Model // the filter as typed (userLogFilter)
	filter  filter.Filter
	err     error // the filter as typed does not parse; the last good one holds
	order   int   // into userLogOrders
	reverse bool
	shown   []int // indexes into the log's rows, in view order
}

func newUserLogView(ses *session) userLogView {
	in := textinput.New()
	in.Prompt = "/ "
	in.Placeholder = filter.Placeholder()
	in.SetStyles(ses.styles.Input)
	return userLogView{input: in}
}

// rebuild refilters and resorts rows into shown, keeping the cursor on
// the sign-in it was on where it is still in view.
func (u *userLogScreen) rebuild() {
	v := &u.list
	was := ""
	if u.at < len(v.shown) {
		was = u.rows[v.shown[u.at]].ID
	}
	v.shown = v.shown[:0]
	for i := range u.rows {
		if v.filter.Match(&u.rows[i]) {
			v.shown = append(v.shown, i)
		}
	}
	by := userLogOrders[v.order].compare
	slices.SortStableFunc(v.shown, func(a, b int) int {
		c := by(&u.rows[a], &u.rows[b])
		if v.reverse {
			c = -c
		}
		return c
	})
	u.at = max(0, min(u.at, len(v.shown)-1))
	if i := slices.IndexFunc(v.shown, func(i int) bool { return u.rows[i].ID == was }); i >= 0 {
		u.at = i
	}
}

// viewText says how the view is narrowed and sorted.
func (v *userLogView) text(total int) string {
	text := "sorted by " + userLogOrders[v.order].name
	if v.reverse {
		text += " (reversed)"
	}
	if !v.filter.Empty() {
		text += " · filter " + v.filter.String() + ": " + plural(len(v.shown), "sign-in") + " of " + plural(total, "sign-in")
	}
	if v.err != nil {
		text += " · " + v.err.Error()
	}
	return text
}

// The help and CheckKeys know the user's log's filter input by its
// sample: filterInput on the log's own text (newUserLogFilter).
func init() {
	addScreenKind(65, func(ses *session) screen { return newUserLogFilter(newUserLogScreen(ses, graph.SignIn{})) })
}

// newUserLogFilter types the user's log's filter, as the table's is typed.
func newUserLogFilter(u *userLogScreen) *filterInput {
	return &filterInput{name: "User's sign-ins filter input", input: &u.list.input, apply: u.setFilter, ses: u.ses, history: &u.ses.find.history, parses: filterParses}
}

// setFilter narrows the log to what text matches; text that does not
// parse keeps the last filter and says why.
func (u *userLogScreen) setFilter(text string) {
	f, err := filter.Parse(text)
	u.list.err = err
	if err != nil {
		return
	}
	u.list.filter = f
	u.rebuild()
	u.follow()
}
