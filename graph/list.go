package graph

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/microsoftgraph/msgraph-sdk-go/auditlogs"
	"github.com/microsoftgraph/msgraph-sdk-go/models"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// Page is one page of sign-ins. NextLink is empty on the last page.
// Note, when set, says something the analyst should know about how the
// page was fetched (a filter Graph refused, applied here instead).
type Page struct {
	SignIns  []SignIn
	NextLink string
	Note     string
	// Received is how many sign-ins Graph sent: more than SignIns when
	// some were left out here (a filter Graph refused).
	Received int
}

// ListPage fetches one page of sign-ins: the first page of q when nextLink
// is empty, otherwise the page nextLink points at (it carries q's $filter
// and $top itself). Callers loop until NextLink is empty, which lets a
// listing be delivered page by page, stopped, and resumed.
func (c *Client) ListPage(ctx context.Context, q Query, nextLink string) (Page, error) {
	f := c.fetchPage(ctx, q, nextLink)
	if f.err != nil {
		return Page{}, f.err
	}
	return c.mapPage(f), nil
}

// fetched is a page as the SDK read it, before it is mapped.
type fetched struct {
	resp  models.SignInCollectionResponseable
	local bool // Graph refused the result filter: apply it here (mapPage)
	q     Query
	err   error
}

// next is the page's link to more, "" on the last.
func (f fetched) next() string {
	if f.resp == nil {
		return ""
	}
	if next := f.resp.GetOdataNextLink(); next != nil {
		return *next
	}
	return ""
}

// fetchPage asks Graph for a page and has the SDK read it.
func (c *Client) fetchPage(ctx context.Context, q Query, nextLink string) fetched {
	fail := func(err error) fetched { return fetched{err: err} }
	builder := c.sdk.AuditLogs().SignIns()
	var cfg *auditlogs.SignInsRequestBuilderGetRequestConfiguration
	if nextLink != "" && !sameOrigin(nextLink, c.root) {
		return fail(&Error{Op: OpList, Kind: KindUnsafeReply, Host: c.host,
			Err: fmt.Errorf("Graph sent a link to more sign-ins at another address (%s), which is not followed", sanitize.Header(nextLink))})
	}
	if nextLink != "" {
		builder = builder.WithUrl(nextLink)
	} else {
		c.learnTenant(ctx)
		if err := q.Validate(); err != nil {
			return fail(err)
		}
		if q.IncludeNonInteractive && !c.beta {
			return fail(errors.New("non-interactive sign-ins are listed by the beta API only: use --api beta"))
		}
		top := q.Top()
		if top > FallbackPageSize && c.topRefused.Load() {
			top = FallbackPageSize
		}
		params := &auditlogs.SignInsRequestBuilderGetQueryParameters{Top: &top}
		params.Filter = filterOf(q, false)
		cfg = &auditlogs.SignInsRequestBuilderGetRequestConfiguration{QueryParameters: params}
	}
	local := q.Result == ResultNotSuccess && c.neRefused.Load()
	if local && cfg != nil {
		cfg.QueryParameters.Filter = filterOf(q, true)
	}
	if c.listing != nil {
		if err := c.listing.wait(ctx); err != nil {
			return fail(classify(OpList, c.host, err))
		}
	}
	resp, err := builder.Get(ctx, cfg)
	if err != nil {
		e := classify(OpList, c.host, err)
		if e.Status == 400 && nextLink == "" && q.Top() > FallbackPageSize && !c.topRefused.Load() {
			// Documented, but a tenant has been said to refuse 1000: ask
			// once more at 999, and keep to it.
			c.topRefused.Store(true)
			return c.fetchPage(ctx, q, nextLink)
		}
		if e.Status == 400 && q.Result == ResultNotSuccess && !local && nextLink == "" {
			// Only eq is documented for status/errorCode (docs/graph.md):
			// leave the term out and filter here.
			c.neRefused.Store(true)
			return c.fetchPage(ctx, q, nextLink)
		}
		return fail(e)
	}
	if resp == nil {
		return fail(&Error{Op: OpList, Kind: KindBadReply, Host: c.host, Err: errors.New("empty reply")})
	}
	return fetched{resp: resp, local: local, q: q}
}

// mapPage maps a page the SDK read to sign-ins.
func (c *Client) mapPage(f fetched) Page {
	values := f.resp.GetValue()
	page := Page{SignIns: make([]SignIn, 0, len(values)), Received: len(values), NextLink: f.next()}
	for _, v := range values {
		if v == nil {
			continue
		}
		s := fromModel(v, c.intern)
		if f.local && s.Result() == ResultSuccess {
			continue
		}
		page.SignIns = append(page.SignIns, s)
	}
	if f.local {
		page.Note = "Graph refused the filter status/errorCode ne 0, so the sign-ins that succeeded are left out here, page by page."
	}
	return page
}

// Listing lists a query page by page, asking Graph for the next page as
// soon as the SDK has read the current one: mapping a page, and whatever
// the caller does with it, overlap the request for the next. At most one
// page read waits ahead of the caller. Close stops it.
type Listing struct {
	c      *Client
	pages  chan listed
	cancel context.CancelFunc
}

// listed is a page read, with the link it was read from.
type listed struct {
	fetched
	link string
}

// List starts listing q from nextLink ("" for its first page).
func (c *Client) List(ctx context.Context, q Query, nextLink string) *Listing {
	ctx, cancel := context.WithCancel(ctx)
	l := &Listing{c: c, pages: make(chan listed, 1), cancel: cancel}
	go l.run(ctx, q, nextLink)
	return l
}

func (l *Listing) run(ctx context.Context, q Query, link string) {
	defer close(l.pages)
	for {
		f := l.c.fetchPage(ctx, q, link)
		select {
		case l.pages <- listed{f, link}:
		case <-ctx.Done():
			return
		}
		if f.err != nil || f.next() == "" {
			return
		}
		link = f.next()
	}
}

// Next is the next page, and the link it was read from ("" for the
// first) to resume from if it failed. After the last page, or after a
// page that failed, the listing has no more: Next reports io.EOF.
func (l *Listing) Next(ctx context.Context) (Page, string, error) {
	select {
	case f, ok := <-l.pages:
		if !ok {
			return Page{}, "", io.EOF
		}
		if f.err != nil {
			return Page{}, f.link, f.err
		}
		return l.c.mapPage(f.fetched), f.link, nil
	case <-ctx.Done():
		return Page{}, "", classify(OpList, l.c.host, ctx.Err())
	}
}

// Close stops the listing: a request in flight is canceled.
func (l *Listing) Close() { l.cancel() }

// filterOf is q's $filter, or nil when q keeps everything; withoutResult
// leaves out the result term (which Graph refused).
func filterOf(q Query, withoutResult bool) *string {
	if withoutResult {
		q.Result = ""
	}
	if f := q.Filter(); f != "" {
		return &f
	}
	return nil
}
