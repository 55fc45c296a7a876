package doctor

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// TestPermissionsCheckReadsTheToken: each permission the session needs is
// reported granted or missing from the token's claims, a broader one
// counting for a narrower, and a token that cannot be read says so.
func TestPermissionsCheckReadsTheToken(t *testing.T) {
	needs := []Need{
		{Permission: "AuditLog.Read.All", For: "listing sign-ins"},
		{Permission: "User.RevokeSessions.All", For: "revoking a user's sessions (--user-actions)", CoveredBy: []string{"User.ReadWrite.All"}},
	}
	setup := func(granted ...string) Setup {
		return Setup{Needs: needs, Granted: func(context.Context) ([]string, error) { return granted, nil }}
	}
	ch := permissionsCheck(context.Background(), setup("AuditLog.Read.All"))
	if ch.OK || !strings.Contains(ch.Answer, "missing User.RevokeSessions.All") || !strings.Contains(strings.Join(ch.More, "\n"), "✗ User.RevokeSessions.All: revoking") {
		t.Errorf("without the revoke permission: %+v", ch)
	}
	if ch := permissionsCheck(context.Background(), setup("AuditLog.Read.All", "User.ReadWrite.All")); !ch.OK {
		t.Errorf("User.ReadWrite.All covers revoking: %+v", ch)
	}
	if ch := permissionsCheck(context.Background(), Setup{Needs: needs, Granted: func(context.Context) ([]string, error) { return nil, errors.New("expired") }}); ch.OK || !strings.Contains(ch.Answer, "expired") {
		t.Errorf("an unreadable token: %+v", ch)
	}
	if ch := permissionsCheck(context.Background(), Setup{Needs: needs}); !ch.OK || !strings.Contains(ch.Answer, "no sign-in") {
		t.Errorf("no sign-in: %+v", ch)
	}
}
