package graph

import (
	"context"
	"errors"
	"fmt"

	abstractions "github.com/microsoft/kiota-abstractions-go"
	"github.com/microsoftgraph/msgraph-sdk-go/identityprotection"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// OpRiskyUsers is listing identityProtection/riskyUsers.
const OpRiskyUsers Op = "list risky users"

// MaxRiskyUsers is the most risky users one list holds; riskyUsersPage
// how many a page asks for.
const (
	MaxRiskyUsers  = 5000
	riskyUsersPage = 500
)

// RiskyUserRow is one user of the risky-users list: the user's ID and
// risk as Identity Protection keeps it.
type RiskyUserRow struct {
	ID string
	UserRisk
}

// RiskyUsers lists identityProtection/riskyUsers page by page, paced
// like the other Identity Protection reads, up to MaxRiskyUsers; more
// says the list stopped there. A nextLink to another origin is refused.
func (c *Client) RiskyUsers(ctx context.Context) (rows []RiskyUserRow, more bool, err error) {
	if c.noRiskReads != "" {
		return nil, false, &Error{Op: OpRiskyUsers, Kind: KindNotOffered, Err: errors.New(c.noRiskReads)}
	}
	next := ""
	for {
		page, link, err := c.riskyUsersPage(ctx, next)
		if err != nil {
			return rows, false, err
		}
		for _, r := range page {
			if len(rows) == MaxRiskyUsers {
				return rows, true, nil
			}
			rows = append(rows, r)
		}
		if link == "" {
			return rows, false, nil
		}
		next = link
	}
}

// riskyUsersPage reads one page: the first when next is empty.
func (c *Client) riskyUsersPage(ctx context.Context, next string) ([]RiskyUserRow, string, error) {
	if next != "" && !sameOrigin(next, c.root) {
		return nil, "", &Error{Op: OpRiskyUsers, Kind: KindUnsafeReply, Host: c.host,
			Err: fmt.Errorf("Graph sent a link to more risky users at another address (%s), which is not followed", sanitize.Header(next))}
	}
	release, err := c.pacer.Turn(ctx, false)
	if err != nil {
		return nil, "", classify(OpRiskyUsers, c.host, err)
	}
	defer release()
	builder := c.sdk.IdentityProtection().RiskyUsers()
	keep := &keepFirst{n: riskyUsersPage}
	cfg := &identityprotection.RiskyUsersRequestBuilderGetRequestConfiguration{Options: []abstractions.RequestOption{keep}}
	if next != "" {
		builder = builder.WithUrl(next)
	} else {
		top := int32(riskyUsersPage)
		cfg.QueryParameters = &identityprotection.RiskyUsersRequestBuilderGetQueryParameters{Top: &top}
	}
	resp, err := builder.Get(ctx, cfg)
	if err != nil {
		return nil, "", classify(OpRiskyUsers, c.host, err)
	}
	if resp == nil {
		return nil, "", &Error{Op: OpRiskyUsers, Kind: KindBadReply, Host: c.host, Err: errors.New("empty reply")}
	}
	var out []RiskyUserRow
	for _, m := range resp.GetValue() {
		if m == nil || m.GetId() == nil || CheckUserID(*m.GetId()) != nil {
			continue // a user without an object ID cannot be acted on, nor named safely
		}
		out = append(out, RiskyUserRow{ID: CanonicalID(*m.GetId()), UserRisk: userRiskOf(m)})
	}
	link := ""
	if l := resp.GetOdataNextLink(); l != nil {
		link = *l
	}
	return out, link, nil
}
