package simtenant

import (
	"cmp"
	"net/http"
)

// DefaultTenantID is the simulated tenant's ID, unless Options.TenantID
// names another.
const DefaultTenantID = "5e1a7e0a-0000-4000-8000-00000000c0de"

// TenantID is the tenant's ID, as GET /organization names it.
func (s *Server) TenantID() string { return cmp.Or(s.opts.TenantID, DefaultTenantID) }

// handleOrganization answers GET /organization with the one organization
// this tenant is: its ID, name and domain, as Graph does (the rest of the
// organization's properties are not simulated). It is not recorded among
// Requests, which tests count for the listing and the verdicts.
func (s *Server) handleOrganization(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	s.orgReads++
	s.mu.Unlock()
	domain := cmp.Or(s.opts.Domain, "contoso.com")
	s.writeJSON(w, r, http.StatusOK, map[string]any{
		"@odata.context": "https://graph.microsoft.com/v1.0/$metadata#organization",
		"value": []map[string]any{{
			"id": s.TenantID(), "displayName": "Contoso (simulated)",
			"verifiedDomains": []map[string]any{{"name": domain, "isDefault": true, "isInitial": false}},
		}},
	})
}

// OrganizationReads counts the GET /organization requests answered.
func (s *Server) OrganizationReads() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.orgReads
}
