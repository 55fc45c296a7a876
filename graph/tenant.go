package graph

import (
	"context"
	"errors"
	"sync"

	"github.com/microsoftgraph/msgraph-sdk-go/organization"

	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// OpTenant is reading the tenant's ID.
const OpTenant Op = "read the tenant's ID"

// tenantID is the tenant's ID once Graph named it.
type tenantID struct {
	mu    sync.Mutex
	id    string
	asked bool // a request for it is under way or done
}

// TenantID is the tenant's ID as Graph names it (GET /organization, the
// same ID as a token's tid claim), once the session has asked; "" before.
// The journal records it with every request, and the guard's memory is
// keyed by it, so that --tenant organizations, the tenant's domain and
// its GUID are one tenant (docs/graph.md, "The tenant's ID").
func (c *Client) TenantID() string {
	c.tenant.mu.Lock()
	defer c.tenant.mu.Unlock()
	return c.tenant.id
}

// ResolveTenant asks Graph for the tenant's ID, once a session, and keys
// the memory by it. A listing asks before its first page; the headless
// commands ask before they plan.
func (c *Client) ResolveTenant(ctx context.Context) (string, error) {
	if id := c.TenantID(); id != "" {
		return id, nil
	}
	cfg := &organization.OrganizationRequestBuilderGetRequestConfiguration{
		QueryParameters: &organization.OrganizationRequestBuilderGetQueryParameters{Select: []string{"id"}},
	}
	resp, err := c.sdk.Organization().Get(ctx, cfg)
	if err != nil {
		return "", classify(OpTenant, c.host, err)
	}
	var id string
	if resp != nil && len(resp.GetValue()) > 0 && resp.GetValue()[0].GetId() != nil {
		id = *resp.GetValue()[0].GetId()
	}
	if !IsSignInID(id) { // a tenant's ID is a GUID, like a sign-in's
		return "", &Error{Op: OpTenant, Kind: KindBadReply, Host: c.host,
			Err: errors.New("Graph named no tenant ID, or not a GUID: " + sanitize.Header(id))}
	}
	id = CanonicalID(id)
	c.tenant.mu.Lock()
	c.tenant.id = id
	c.tenant.mu.Unlock()
	c.memory.UseTenant(id)
	return id, nil
}

// learnTenant asks for the tenant's ID before the first listing of a
// session: one request, once, before the first page (on the same
// connection, not beside it). A failure is not the listing's: the memory
// then matches by the --tenant text, and the next listing asks again.
func (c *Client) learnTenant(ctx context.Context) {
	c.tenant.mu.Lock()
	ask := !c.tenant.asked && c.tenant.id == ""
	c.tenant.asked = true
	c.tenant.mu.Unlock()
	if !ask {
		return
	}
	if _, err := c.ResolveTenant(ctx); err != nil {
		c.tenant.mu.Lock()
		c.tenant.asked = false
		c.tenant.mu.Unlock()
	}
}
