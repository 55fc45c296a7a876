package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// requestLogScreen is the request log (J): what needs attention, grouped by
// reason, the users to follow up, then every request of the session, one
// line each, the one under the cursor opened on enter to show its method,
// path and exact JSON body. The journal on disk holds the same requests.
type requestLogScreen struct {
	pager
	ses    *session
	cursor int          // the request under the cursor
	open   map[int]bool // the requests shown whole
	follow bool         // the cursor stays on the newest while requests arrive
	starts []int        // the first line of each request in the text
	end    int          // the line after the last request's
}

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(50, func(ses *session) screen { return newRequestLogScreen(ses) })
}

func newRequestLogScreen(ses *session) *requestLogScreen {
	return &requestLogScreen{pager: newPager(), ses: ses, cursor: len(ses.requests) - 1, open: map[int]bool{}, follow: true}
}

func (j *requestLogScreen) title() string { return "Request log" }

func (j *requestLogScreen) commands() []command {
	ses, k := j.ses, j.ses.keys
	back := func() action { return popScreen{} }
	n := len(ses.requests)
	none := "no request was sent this session"
	cmds := []command{
		live(described(k.Back, "back"), back),
		offUnless(n > 0, none, described(k.Up, "previous request"), func() action { j.moveTo(j.cursor - 1); return nil }),
		offUnless(n > 0, none, described(k.Down, "next request"), func() action { j.moveTo(j.cursor + 1); return nil }),
		offUnless(n > 0, none, described(k.Details, "show or hide its IDs and body"), func() action {
			j.open[j.cursor] = !j.open[j.cursor]
			return nil
		}),
		live(described(k.RequestLog, "close"), back),
	}
	cmds = append(cmds, ses.readerQuitCommands()...)
	vp := &j.vp
	cmds = append(cmds,
		live(k.PageUp, func() action { vp.PageUp(); return nil }),
		live(k.PageDown, func() action { vp.PageDown(); return nil }),
		live(described(k.Top, "first request"), func() action { j.moveTo(0); vp.GotoTop(); return nil }),
		live(described(k.Bottom, "newest request"), func() action { j.moveTo(n - 1); vp.GotoBottom(); return nil }),
	)
	return append(cmds, ses.helpCommand(j))
}

func (j *requestLogScreen) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(j.commands(), msg)
}

// moveTo puts the cursor on request i, and keeps it there or on the newest.
func (j *requestLogScreen) moveTo(i int) {
	n := len(j.ses.requests)
	j.cursor = min(max(i, 0), n-1)
	j.follow = j.cursor == n-1
	j.refresh()
	if j.cursor >= 0 && j.cursor < len(j.starts) {
		line := j.starts[j.cursor]
		end := line + j.entryLines(j.cursor)
		if end > j.vp.YOffset()+j.vp.Height() {
			j.vp.SetYOffset(end - j.vp.Height())
		}
		if line < j.vp.YOffset() {
			j.vp.SetYOffset(line)
		}
	}
}

// entryLines is how many lines request i takes in the text: the last
// runs to the session log, or to the end.
func (j *requestLogScreen) entryLines(i int) int {
	if i+1 < len(j.starts) {
		return j.starts[i+1] - j.starts[i]
	}
	return max(j.end-j.starts[i], 1)
}

func (j *requestLogScreen) refresh() bool {
	if j.follow {
		j.cursor = len(j.ses.requests) - 1
	}
	text, starts, end := j.text()
	j.starts, j.end = starts, end
	j.show(j.ses, text)
	return true
}

// text is the screen's text, the line each request starts on, and the
// line after the last request.
func (j *requestLogScreen) text() (string, []int, int) {
	ses, st := j.ses, j.ses.styles
	width := max(ses.width, 40)
	var lines []string
	add := func(style func(...string) string, indent int, text string) {
		for _, l := range strings.Split(wrapWords(text, width-indent), "\n") {
			lines = append(lines, style(strings.Repeat(" ", indent)+l))
		}
	}
	if groups := ses.needsAttention(); len(groups) > 0 {
		lines = append(lines, st.PaneTitle.Render("Needs attention"))
		for _, a := range groups {
			add(st.Err.Render, 2, a.title())
			add(st.Muted.Render, 6, sanitize.IDs(a.ids))
		}
		lines = append(lines, "")
	}
	if follow := ses.followUpLines(); follow != nil {
		lines = append(lines, st.PaneTitle.Render("To follow up"))
		for _, l := range follow {
			add(st.Warn.Render, 2, strings.TrimSpace(l))
		}
		lines = append(lines, "")
	}
	lines = append(lines, st.PaneTitle.Render("Requests this session")+st.Muted.Render("  "+plural(len(ses.requests), "request")))
	if ses.journal != nil {
		add(st.Muted.Render, 2, "Journal: "+ses.journal.Path()+" (signin-triage journal verify checks it).")
	} else {
		add(st.Muted.Render, 2, "No journal in this session (read-only, or no state directory).")
	}
	if len(ses.requests) == 0 {
		add(st.Muted.Render, 2, "Nothing sent yet: select sign-ins, then "+ses.verdictKeysText()+".")
	}
	starts := make([]int, len(ses.requests))
	for i, q := range ses.requests {
		starts[i] = len(lines)
		mark, style := "  ", st.Row.Render
		if i == j.cursor {
			mark, style = "▸ ", st.CursorRow.Render
		}
		for k, l := range strings.Split(wrapWords(q.summary(), width-4), "\n") {
			if k > 0 {
				mark = "    "
			}
			lines = append(lines, style(fit(mark+l, width)))
		}
		if q.reason != "" {
			add(st.Err.Render, 4, q.reason)
		}
		if q.unrecorded != "" {
			add(st.Err.Render, 4, "The journal could not record its outcome ("+q.unrecorded+"): the next start reports it as unknown.")
		}
		if j.open[i] {
			for _, l := range q.body() {
				lines = append(lines, st.Muted.Render("    "+l))
			}
		}
	}
	end := len(lines)
	if len(ses.log.entries) > 0 {
		lines = append(lines, "", st.PaneTitle.Render("Session log")+st.Muted.Render("  times in UTC, newest last"))
		for _, e := range ses.log.entries {
			add(e.block(st).style.Render, 2, e.at.UTC().Format("15:04:05  ")+e.text)
		}
	}
	return strings.Join(lines, "\n"), starts, end
}
