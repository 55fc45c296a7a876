package auth

import (
	"strings"
	"testing"
)

// TestAnAppFromTheEnvironmentIsSaid: when AZURE_CLIENT_ID, not the
// person, picks the app a person signs in to, Connect says so, once and
// inert; not when the person named it, when it is the default app, or
// for the modes where the variable is the app's own (env, managed).
func TestAnAppFromTheEnvironmentIsSaid(t *testing.T) {
	own := "0f8fad5b-d9cb-469f-a165-70867728950e"
	for _, tt := range []struct {
		auth, id, from string
		want           string
	}{
		{"device", own, "AZURE_CLIENT_ID", "Signing in with app " + own + " from AZURE_CLIENT_ID, not signin-triage's default app (Microsoft Graph Command Line Tools, " + DefaultClientID + ")"},
		{"browser", own, "AZURE_CLIENT_ID", "Signing in with app " + own + " from AZURE_CLIENT_ID"},
		{"device", "evil\x1b]0;owned\x07\u202e", "AZURE_CLIENT_ID", `Signing in with app evil\u001b]0;owned\u0007\u202e from AZURE_CLIENT_ID`},
		{"device", own, "", ""},
		{"device", DefaultClientID, "AZURE_CLIENT_ID", ""},
		{"env", own, "AZURE_CLIENT_ID", ""},
		{"managed", own, "AZURE_CLIENT_ID", ""},
	} {
		conn, err := Connect(Target{Auth: tt.auth, Cloud: "global", ClientID: tt.id, ClientIDFrom: tt.from, Prompt: func(DeviceCode) {}})
		if err != nil {
			if tt.auth == "env" { // no AZURE_TENANT_ID here: the notice is the point, not the credential
				continue
			}
			t.Fatalf("%s: %v", tt.auth, err)
		}
		got := strings.Join(conn.Notices, "\n")
		if tt.want == "" && got != "" || tt.want != "" && (len(conn.Notices) != 1 || !strings.Contains(got, tt.want)) {
			t.Errorf("--auth %s, app %q from %q: notices %q, want %q", tt.auth, tt.id, tt.from, got, tt.want)
		}
		if strings.ContainsAny(got, "\x1b\x07\u202e") {
			t.Errorf("the notice is not inert: %q", got)
		}
	}
}
