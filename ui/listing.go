package ui

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// listing is the state of the current sign-in listing.
type listing struct {
	gen     int // bumped by every reload; older replies are dropped
	loading bool
	pages   int
	err     error
	failed  string        // the page that failed ("" for the first), to resume from
	paging  *graph.Paging // stops a server that loops or repeats itself
	noted   bool          // a page's note was said (once a listing)
	started time.Time     // when the listing began: the age of the rows' states
	// ctx is the listing's: cancel ends every request of it (a reload).
	ctx    context.Context
	cancel context.CancelFunc
	// query is what the requests in flight list: first the newest few
	// rows (first), then the rest, older than those (see restOf), whose
	// pages come from src.
	query graph.Query
	first bool
	src   *graph.Listing
}

// DefaultFirstPageSize is the first request's $top: enough rows to fill
// a tall terminal, few enough that Graph answers at once. The rest is
// listed at the query's page size (1,000 by default, the most Graph
// allows: at five requests in ten seconds, the page size is the
// listing's speed).
const DefaultFirstPageSize = 100

// restOf is q for the sign-ins older than the first page, whose oldest
// was created at oldest: up to that second included (Graph's filter
// reads whole seconds), the sign-ins already listed being dropped.
func restOf(q graph.Query, oldest time.Time) graph.Query {
	until := oldest.Truncate(time.Second)
	if until.Before(oldest) {
		until = until.Add(time.Second)
	}
	if q.Until.IsZero() || until.Before(q.Until) {
		q.Until = until
	}
	return q
}

// oldestOf is when the oldest of signIns was created.
func oldestOf(signIns []graph.SignIn) time.Time {
	oldest := signIns[0].Created
	for i := range signIns {
		if signIns[i].Created.Before(oldest) {
			oldest = signIns[i].Created
		}
	}
	return oldest
}

// startListing (re)starts the listing from the first page.
func (m *Model) startListing() tea.Cmd {
	if m.listing.cancel != nil {
		m.listing.cancel()
	}
	ctx, cancel := context.WithCancel(m.ctx)
	m.listing = listing{gen: m.listing.gen + 1, loading: true, ctx: ctx, cancel: cancel, started: m.log.now(), paging: graph.NewPaging(m.query.RowCap())}
	// The window is measured from now: a reload an hour after the start
	// lists that hour too.
	m.query = m.query.At(m.log.now())
	l := &m.listing
	l.query = m.query
	if m.firstPage > 0 && int(l.query.Top()) > m.firstPage {
		// A screenful first, on its own: the first rows show at once.
		l.query.PageSize, l.first = m.firstPage, true
		return tea.Batch(loadPageCmd(ctx, m.graph, l.gen, l.query, ""), m.spin())
	}
	return tea.Batch(m.listFrom(""), m.spin())
}

// resumeListing asks again for the page that failed, keeping every row
// loaded so far: after a fault or a new sign-in, nothing is fetched twice.
func (m *Model) resumeListing() tea.Cmd {
	l := &m.listing
	if l.cancel != nil {
		l.cancel() // the listing that stopped: nothing of it runs on
	}
	ctx, cancel := context.WithCancel(m.ctx)
	l.loading, l.err, l.ctx, l.cancel = true, nil, ctx, cancel
	l.paging.Resumed()
	if l.first {
		return tea.Batch(loadPageCmd(ctx, m.graph, l.gen, l.query, l.failed), m.spin())
	}
	return tea.Batch(m.listFrom(l.failed), m.spin())
}

// signInAgain drops the sign-in Graph refused; the next request signs in
// anew. A stopped listing resumes at once; a stopped dispatch waits for the
// analyst to confirm again.
func (m *Model) signInAgain() tea.Cmd {
	if err := m.graph.SignInAgain(); err != nil {
		m.note = "Could not start a new sign-in: " + err.Error()
		return nil
	}
	m.needSignIn = false
	m.log.add(logInfo, "Signing in again: the next request asks for a new sign-in.")
	if m.listing.err != nil {
		return m.resumeListing()
	}
	m.note = "The next request signs in again. The selection is as it was, ready to send."
	return nil
}

func isUnauthorized(err error) bool {
	var ge *graph.Error
	return errors.As(err, &ge) && ge.Kind == graph.KindUnauthorized
}

// forgetRows empties the table, the selection of its rows kept by ID.
func (ses *session) forgetRows() {
	ses.selected.unload()
	ses.table.reset()
}

// reload forgets the loaded rows and lists again. The selection and the
// outcomes are kept: they are keyed by ID.
func (m *Model) reload() tea.Cmd {
	m.rng = span{}
	m.forgetRows()
	m.find.handled = 0
	// The empty view follows the rule of now; the rows to come are tested
	// by it as they arrive.
	m.built, m.builtRows = m.ruleNow(), 0
	m.table.clamp()
	m.riskHidden = 0
	m.userLogs = nil // read again: a verdict since may have changed their risk states
	return m.startListing()
}

// handlePage takes a page of the listing; the first page of a session
// starts the read of the named locations, which it marks (networks.go).
func (m *Model) handlePage(msg pageLoadedMsg) tea.Cmd {
	cmd := m.takePage(msg)
	if m.listing.pages > 0 {
		return tea.Batch(cmd, m.readNetworks())
	}
	return cmd
}

func (m *Model) takePage(msg pageLoadedMsg) tea.Cmd {
	l := &m.listing
	if msg.gen != l.gen {
		return nil // a reply for a listing since replaced
	}
	m.prompt = nil // Graph answered: the sign-in is over, one way or another
	if msg.err != nil {
		l.loading, l.err, l.failed = false, msg.err, msg.link
		l.stop()
		if isUnauthorized(msg.err) {
			m.needSignIn = true
		}
		return nil
	}
	l.pages++
	if n := msg.page.Note; n != "" && !l.noted {
		l.noted = true
		m.log.add(logInfo, n)
	}
	// Only sign-ins not listed before are taken; a page that would loop
	// stops the listing (graph.Paging).
	fresh, stop := l.paging.Next(msg.page)
	m.nets.mark(fresh)
	for i := range fresh {
		if fresh[i].RiskLevel == graph.RiskLevelHidden {
			m.riskHidden++
		}
	}
	keep := m.keep()
	rebuilding := m.working()
	if rebuilding {
		keep = keepNone // the rebuild in progress tests them
	}
	m.table.append(fresh, keep)
	if !rebuilding {
		m.builtRows = m.table.len() // tested by the rule of the view
	}
	m.sortIfNeeded()
	m.table.clamp()
	if stop != nil {
		l.loading, l.err, l.failed = false, stop, msg.page.NextLink
		l.stop()
		return nil
	}
	next := msg.page.NextLink
	switch {
	case next == "":
		l.loading = false
		l.stop()
		return nil
	case l.first && len(msg.page.SignIns) > 0:
		// The first rows are on screen: the rest comes as its own query,
		// at the full page size (a nextLink keeps the $top it was made
		// with, and is never edited).
		l.first = false
		l.query = restOf(m.query, oldestOf(msg.page.SignIns))
		// Its first page repeats the sign-ins of the first page's oldest
		// second, on purpose: those are not a loop.
		l.paging.Overlaps()
		return m.listFrom("")
	case l.src != nil:
		return nextPageCmd(l.ctx, m.graph, l.gen, l.src)
	}
	// An empty first page with a link to more: the first query goes on.
	return loadPageCmd(l.ctx, m.graph, l.gen, l.query, next)
}

// listFrom lists l.query from link ("" for its first page) page by page,
// each page asked for while the one before is mapped and shown
// (graph.Listing).
func (m *Model) listFrom(link string) tea.Cmd {
	l := &m.listing
	l.stop()
	l.src = m.graph.List(l.ctx, l.query, link)
	return nextPageCmd(l.ctx, m.graph, l.gen, l.src)
}

// stop ends the pages asked for ahead, if any.
func (l *listing) stop() {
	if l.src != nil {
		l.src.Close()
		l.src = nil
	}
}
