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
}

// readLog is a user's log as U read it: the details' context uses it
// for the device and the previous sign-in. The session keeps one per
// user ID until the listing is loaded again.
type readLog struct {
	rows   []graph.SignIn
	q      graph.Query
	capped bool // the read stopped at userLogCap: only the newest are here
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
	q := graph.Query{UserID: s.UserID, Window: ses.query.Window, Since: ses.query.Since, Until: ses.query.Until,
		IncludeNonInteractive: ses.query.IncludeNonInteractive}
	u := &userLogScreen{pager: newPager(), ses: ses, signIn: s, q: q.At(ses.log.now()), paging: graph.NewPaging(userLogCap)}
	if read, ok := ses.userLogs[s.UserID]; ok && s.UserID != "" {
		u.rows, u.q, u.done = read.rows, read.q, true
		if read.capped {
			u.err = &graph.RowCapError{Max: userLogCap}
		}
	}
	return u
}

func (u *userLogScreen) title() string { return "User's sign-ins" }

func (u *userLogScreen) commands() []command {
	ses, k := u.ses, u.ses.keys
	back := func() action { return popScreen{} }
	cmds := append([]command{live(described(k.Back, "back"), back), live(described(k.UserLog, "close"), back)},
		ses.readerQuitCommands()...)
	return append(append(cmds, u.scrollCommands(k)...), ses.helpCommand(u))
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
	u.rows = append(u.rows, fresh...)
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
	u.show(u.ses, u.text())
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
	add(st.Muted.Render, "⚑ flagged by Identity Protection · ▸ the sign-in U was pressed on · every risk state and result is listed")

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
		{"IPs", usual(b.ips, 4, same)},
		{"Devices", usual(b.devices, 3, func(k string) string { return b.deviceIs[k] })},
		{"Apps", usual(b.apps, 4, same)},
		{"Client apps", usual(b.clients, 4, same)},
	} {
		add(st.Row.Render, "  "+fit(f[0], 12)+" "+f[1])
	}
	lines = append(lines, "")
	for i := range u.rows {
		lines = append(lines, st.Row.Render(fit(userLogLine(&u.rows[i], u.rows[i].ID == s.ID, width), width)))
	}
	return strings.Join(lines, "\n")
}

// userLogLine is one sign-in of the user log, cut to width: the mark,
// time, IP, place, result and risk state always; the app, client app
// and device where they fit, in that order, the last one shown cut to
// the room left.
func userLogLine(s *graph.SignIn, opened bool, width int) string {
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
	line := fmt.Sprintf("%s %s  %-15s %-2s %-14s", mark, s.Created.UTC().Format("01-02 15:04"),
		orDashText(s.IP), orDashText(place.Country), fit(orDashText(place.City), 14))
	tail := fmt.Sprintf("  %-9s %s", s.Result().String(), orDashText(string(s.RiskState)))
	for _, col := range []struct {
		text  string
		cells int
	}{{orDashText(s.App), 22}, {orDashText(s.ClientApp), 10}, {deviceText(s), 22}} {
		room := width - ansi.StringWidth(line+tail) - 1
		if room < 8 {
			break
		}
		line += " " + fit(col.text, min(col.cells, room))
	}
	return line + tail
}
