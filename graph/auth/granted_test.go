package auth

import (
	"encoding/base64"
	"slices"
	"testing"
)

// TestGrantedReadsScpAndRoles: a person's token names its permissions in
// scp, an app's in roles; anything that is not a JWT is an error.
func TestGrantedReadsScpAndRoles(t *testing.T) {
	jwt := func(claims string) string {
		return "eyJhbGciOiJub25lIn0." + base64.RawURLEncoding.EncodeToString([]byte(claims)) + ".sig"
	}
	got, err := Granted(jwt(`{"scp":"AuditLog.Read.All User.RevokeSessions.All  Directory.Read.All"}`))
	if err != nil || !slices.Equal(got, []string{"AuditLog.Read.All", "Directory.Read.All", "User.RevokeSessions.All"}) {
		t.Errorf("scp: %v, %v", got, err)
	}
	got, err = Granted(jwt(`{"roles":["IdentityRiskyUser.ReadWrite.All","AuditLog.Read.All"]}`))
	if err != nil || !slices.Equal(got, []string{"AuditLog.Read.All", "IdentityRiskyUser.ReadWrite.All"}) {
		t.Errorf("roles: %v, %v", got, err)
	}
	for _, bad := range []string{"", "opaque-token", "a.%%%.c", jwt(`[1]`)} {
		if _, err := Granted(bad); err == nil {
			t.Errorf("%q read as a token", bad)
		}
	}
}
