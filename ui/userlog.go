package ui

import (
	"errors"
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
)

// userLogCap is the most of one user's sign-ins the user log reads: a
// person's month is a few hundred; an account with more (a service, a
// shared mailbox) says so rather than listing on.
const userLogCap = 5000

// userLogScreen is the user's own sign-in log (U): every sign-in of the
// user in the session's window, whatever its risk state or result, read
// as a query of its own (userId eq, paced like the listing). Above the
// list stands the baseline, what was usual for the user before the
// sign-in it was opened on, and what in that sign-in is new.
type userLogScreen struct {
	pager
	ses    *session
	signIn graph.SignIn // the sign-in it was opened on
	q      graph.Query
	paging *graph.Paging
	rows   []graph.SignIn // newest first, as Graph sends them
	next   string         // the link to the next page; "" once read whole
	seq    int            // counts requests: a reply to an earlier one is stale
	asked  bool           // a request is out
	done   bool
	err    error
	// list is what of rows is shown, in which order; at is the cursor,
	// an index into list.shown; firstRow is the line of the text the
	// first shown sign-in stands on.
	list         userLogView
	at, firstRow int
}

// readLog is a user's log as U read it: the details' context uses it
// for the device and the previous sign-in. The session keeps one per
// user ID until the listing is loaded again.
type readLog struct {
	rows   []graph.SignIn
	q      graph.Query
	capped bool // the read stopped at userLogCap: only the newest are here
}

// signInByID is the sign-in with that ID: a loaded row's, or else one
// of a user's log U has read (for the details and the verdict dialog of
// a sign-in the listing does not hold); nil when neither holds it.
func (ses *session) signInByID(id string) *graph.SignIn {
	if s := ses.table.byID(id); s != nil {
		return s
	}
	for _, l := range ses.userLogs {
		for i := range l.rows {
			if l.rows[i].ID == id {
				return &l.rows[i]
			}
		}
	}
	return nil
}

// searched says what the details' context searched.
func (l readLog) searched() string {
	text := fmt.Sprintf("the user's log: %s, %s", plural(len(l.rows), "sign-in"), graph.DescribeQuery(l.q))
	if l.capped {
		text += fmt.Sprintf(" (the newest %d only)", userLogCap)
	}
	return text
}

// userPageMsg is one page of the user log's listing.
type userPageMsg struct {
	seq  int
	page graph.Page
	err  error
}

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(45, func(ses *session) screen { return newUserLogScreen(ses, graph.SignIn{}) })
}

func newUserLogScreen(ses *session, s graph.SignIn) *userLogScreen {
	// Every sign-in of the user: on beta the non-interactive ones too
	// (apps refreshing tokens on the user's behalf), which v1.0 cannot list.
	q := graph.Query{UserID: s.UserID, Window: ses.query.Window, Since: ses.query.Since, Until: ses.query.Until,
		IncludeNonInteractive: ses.graph != nil && ses.graph.Beta()}
	u := &userLogScreen{pager: newPager(), ses: ses, signIn: s, q: q.At(ses.log.now()), paging: graph.NewPaging(userLogCap),
		list: newUserLogView(ses)}
	if read, ok := ses.userLogs[s.UserID]; ok && s.UserID != "" {
		u.rows, u.q, u.done = read.rows, read.q, true
		if read.capped {
			u.err = &graph.RowCapError{Max: userLogCap}
		}
		u.rebuild()
	}
	return u
}

func (u *userLogScreen) title() string { return "User's sign-ins" }

func (u *userLogScreen) commands() []command {
	ses, k := u.ses, u.ses.keys
	back := func() action { return popScreen{} }
	var cmds []command
	// Once read whole, its sign-ins are known to the details and the
	// guard (ses.signInByID): they open, select and take verdicts as the
	// listing's rows do, through the same dialog.
	why := ""
	switch {
	case !u.done:
		why = "the user's log is still loading"
	case len(u.list.shown) == 0:
		why = "no sign-in of the user's log is in view"
	}
	at := func() string { return u.rows[u.list.shown[u.at]].ID }
	cmds = append(cmds,
		offUnless(why == "", why, described(k.Details, "details of the sign-in"), func() action {
			return pushScreen{newDetailsScreen(ses, at())}
		}),
		offUnless(why == "", why, described(k.Toggle, "select the sign-in"), func() action {
			ses.selected.toggle(at())
			u.move(1)
			return nil
		}))
	cmds = append(cmds, ses.verdictCommands()...)
	cmds = append(cmds,
		live(described(k.Filter, "filter the user's sign-ins"), func() action { return startFilter(newUserLogFilter(u)) }),
		live(k.Sort, func() action {
			u.list.order = (u.list.order + 1) % len(userLogOrders)
			u.rebuild()
			return nil
		}),
		live(k.SortOrder, func() action { u.list.reverse = !u.list.reverse; u.rebuild(); return nil }))
	cmds = append(append(cmds, live(described(k.Back, "back"), back), live(described(k.UserLog, "close"), back)),
		ses.readerQuitCommands()...)
	page := func() int { return max(1, u.vp.Height()-1) }
	return append(cmds,
		live(described(k.Up, "previous sign-in"), func() action { u.move(-1); return nil }),
		live(described(k.Down, "next sign-in"), func() action { u.move(1); return nil }),
		live(k.PageUp, func() action { u.move(-page()); return nil }),
		live(k.PageDown, func() action { u.move(page()); return nil }),
		live(k.Top, func() action { u.move(-len(u.rows)); u.vp.GotoTop(); return nil }),
		live(k.Bottom, func() action { u.move(len(u.rows)); return nil }),
		ses.helpCommand(u))
}

// move moves the cursor by delta sign-ins, within the list, and scrolls
// to keep it on screen.
func (u *userLogScreen) move(delta int) {
	u.at = max(0, min(u.at+delta, len(u.list.shown)-1))
	u.follow()
}

// follow scrolls the text so the cursor's line is on screen.
func (u *userLogScreen) follow() {
	if len(u.list.shown) > 0 {
		followLine(&u.vp, u.firstRow+u.at)
	}
}

func (u *userLogScreen) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(u.commands(), msg)
}

// focus asks for the next page when none is out: at the start, and when
// the screen comes back on top.
func (u *userLogScreen) focus() tea.Cmd {
	if u.done || u.asked {
		return nil
	}
	if u.signIn.UserID == "" {
		u.done, u.err = true, errors.New("this sign-in names no user ID to list by")
		return nil
	}
	u.asked = true
	u.seq++
	g, ctx, q, next, seq := u.ses.graph, u.ses.ctx, u.q, u.next, u.seq
	return replyTo(u, func() tea.Msg {
		page, err := g.ListPage(ctx, q, next)
		return userPageMsg{seq: seq, page: page, err: err}
	})
}

// receive takes a page of the listing and asks for the next.
func (u *userLogScreen) receive(msg tea.Msg) tea.Cmd {
	p, ok := msg.(userPageMsg)
	if !ok || p.seq != u.seq {
		return nil
	}
	u.asked = false
	if p.err != nil {
		u.done, u.err = true, p.err
		return nil
	}
	fresh, stop := u.paging.Next(p.page)
	u.ses.nets.mark(fresh)
	u.rows = append(u.rows, fresh...)
	u.rebuild()
	u.next = p.page.NextLink
	if stop != nil || u.next == "" {
		u.done, u.err = true, stop
		u.keep()
		return nil
	}
	return u.focus()
}

// keep gives the session the log read whole, or up to its cap, for the
// details' context; a log cut short by an error is not kept.
func (u *userLogScreen) keep() {
	u.ses.nets.mark(u.rows) // those read before the named locations arrived
	var capped *graph.RowCapError
	if u.err != nil && !errors.As(u.err, &capped) {
		return
	}
	if u.ses.userLogs == nil {
		u.ses.userLogs = map[string]readLog{}
	}
	u.ses.userLogs[u.signIn.UserID] = readLog{rows: u.rows, q: u.q, capped: capped != nil}
}

func (u *userLogScreen) refresh() bool {
	top := u.vp.YOffset()
	u.show(u.ses, u.text())
	u.vp.SetYOffset(top)
	u.follow()
	return true
}

// text is the user log: who, how much is read, the baseline and what is
// new in the sign-in it was opened on, then each sign-in, one line.
func (u *userLogScreen) text() string {
	st, width, s := u.ses.styles, u.ses.width, &u.signIn
	var lines []string
	add := func(style func(...string) string, text string) {
		for _, l := range strings.Split(wrapIndented(text, max(width, 40), 2), "\n") {
			lines = append(lines, style(fit(l, width)))
		}
	}
	state := "loading…"
	switch {
	case u.done && u.err != nil:
		state = "stopped: " + u.err.Error()
	case u.done:
		state = "complete"
	}
	add(st.PaneTitle.Render, fmt.Sprintf("Sign-ins of %s · %s · %s read (%s)",
		orDashText(u.ses.table.userName(s)), graph.DescribeQuery(u.q), plural(len(u.rows), "sign-in"), state))
	add(st.Muted.Render, "⚑ flagged by Identity Protection · ▸ the sign-in U was pressed on · ● selected · every risk state and result is listed")

	b := newBaseline(u.rows, s)
	head := fmt.Sprintf("The sign-in at %s from %s (%s): ", timeText(s.Created), orDashText(s.Location()), orDashText(s.IP))
	switch news := b.firstTimes(s); {
	case !u.done:
		add(st.Row.Render, head+"what is new for this user is known once the log is read")
	case b.before == 0:
		add(st.Warn.Render, head+"no earlier sign-in of this user in the window that was not at risk: nothing to compare it with")
	case len(news) > 0:
		add(st.Warn.Render, head+strings.Join(news, " · "))
	default:
		add(st.Row.Render, head+fmt.Sprintf("nothing new against the %s before it", plural(b.before, "sign-in")))
	}
	lines = append(lines, "")
	add(st.PaneTitle.Render, fmt.Sprintf("Usual before it (%s not at risk or compromised)", plural(b.before, "sign-in")))
	same := func(k string) string { return k }
	for _, f := range [][2]string{
		{"Countries", usual(b.countries, 4, same)},
		{"IPs", usual(b.ips, 4, u.ses.ipText)},
		{"Devices", usual(b.devices, 3, func(k string) string { return b.deviceIs[k] })},
		{"Apps", usual(b.apps, 4, same)},
		{"Client apps", usual(b.clients, 4, same)},
	} {
		add(st.Row.Render, "  "+fit(f[0], 12)+" "+f[1])
	}
	lines = append(lines, "")
	add(st.Muted.Render, u.list.text(len(u.rows)))
	u.firstRow = len(lines)
	for i, pos := range u.list.shown {
		r := &u.rows[pos]
		mark, style := "  ", st.Row.Render
		if u.ses.selected.has(r.ID) {
			mark = st.Mark.Render("● ")
		}
		if i == u.at {
			style = st.CursorRow.Render
		}
		sent, _ := sentText(u.ses.outcomes[r.ID]) // as the table's SENT column says it
		if o := u.ses.outcomes[r.ID]; o.kind == outcomeAccepted && width >= 100 {
			sent += " " + o.verdict // where it fits
		}
		lines = append(lines, mark+style(fit(userLogLine(r, r.ID == s.ID, width-2, sent), width-2)))
	}
	return strings.Join(lines, "\n")
}

// userLogLine is one sign-in of the user log, cut to width: the mark,
// time, IP and its network's glyph (◆ trusted, ◇ named), place, result and risk state (or what this session sent for
// it, sent) always; the app, client app
// and device where they fit, in that order, the last one shown cut to
// the room left.
func userLogLine(s *graph.SignIn, opened bool, width int, sent string) string {
	mark := "  "
	flagged := s.RiskState != graph.RiskStateNone && s.RiskState != ""
	switch {
	case opened && flagged:
		mark = "▸⚑"
	case opened:
		mark = "▸ "
	case flagged:
		mark = "⚑ "
	}
	place := placeOf(s)
	line := fmt.Sprintf("%s %s  %-15s %s %-2s %-12s", mark, s.Created.UTC().Format("01-02 15:04"),
		orDashText(s.IP), netGlyph(s), orDashText(place.Country), fit(orDashText(place.City), 12))
	state := orDashText(string(s.RiskState))
	if sent != "" { // this session's verdict on it: the state as read is older
		state = sent
	}
	tail := fmt.Sprintf("  %-7s %s", s.Result().String(), state)
	// The room left is measured against a tail of one width (the common
	// result and state words), so the columns line up from row to row.
	const tailCells = 2 + 7 + 1 + 10
	for _, col := range []struct {
		text  string
		cells int
	}{{orDashText(s.App), 22}, {orDashText(s.ClientApp), 10}, {deviceText(s), 22}} {
		room := width - ansi.StringWidth(line) - tailCells - 1
		if room < 8 {
			break
		}
		line += " " + fit(col.text, min(col.cells, room))
	}
	return line + tail
}
