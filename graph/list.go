package graph

import (
	"context"
	"errors"
	"fmt"

	"github.com/microsoftgraph/msgraph-sdk-go/auditlogs"
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
	builder := c.sdk.AuditLogs().SignIns()
	var cfg *auditlogs.SignInsRequestBuilderGetRequestConfiguration
	if nextLink != "" && !sameOrigin(nextLink, c.root) {
		return Page{}, &Error{Op: OpList, Kind: KindUnsafeReply, Host: c.host,
			Err: fmt.Errorf("Graph sent a link to more sign-ins at another address (%s), which is not followed", sanitize.Header(nextLink))}
	}
	if nextLink != "" {
		builder = builder.WithUrl(nextLink)
	} else {
		if err := q.Validate(); err != nil {
			return Page{}, err
		}
		if q.IncludeNonInteractive && !c.beta {
			return Page{}, errors.New("non-interactive sign-ins are listed by the beta API only: use --api beta")
		}
		top := q.Top()
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
			return Page{}, classify(OpList, c.host, err)
		}
	}
	resp, err := builder.Get(ctx, cfg)
	if err != nil {
		e := classify(OpList, c.host, err)
		if e.Status == 400 && q.Result == ResultNotSuccess && !local && nextLink == "" {
			// Only eq is documented for status/errorCode (docs/graph.md):
			// leave the term out and filter here.
			c.neRefused.Store(true)
			return c.ListPage(ctx, q, nextLink)
		}
		return Page{}, e
	}
	if resp == nil {
		return Page{}, &Error{Op: OpList, Kind: KindBadReply, Host: c.host, Err: errors.New("empty reply")}
	}
	values := resp.GetValue()
	page := Page{SignIns: make([]SignIn, 0, len(values)), Received: len(values)}
	for _, v := range values {
		if v == nil {
			continue
		}
		s := fromModel(v, c.intern)
		if local && s.Result() == ResultSuccess {
			continue
		}
		page.SignIns = append(page.SignIns, s)
	}
	if local {
		page.Note = "Graph refused the filter status/errorCode ne 0, so the sign-ins that succeeded are left out here, page by page."
	}
	if next := resp.GetOdataNextLink(); next != nil {
		page.NextLink = *next
	}
	return page, nil
}

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
