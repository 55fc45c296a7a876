package auth

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/Azure/azure-sdk-for-go/sdk/azidentity"
)

// TestStatusListsTheSavedSignInsInertly: auth status gives, for each
// saved sign-in, who, the cloud, the tenant asked for, the app and when,
// in the format of this version and of the one before; no account ID or
// anything but the record; a record or file name that carries escape
// sequences or bidi controls prints them as code points, inert.
func TestStatusListsTheSavedSignInsInertly(t *testing.T) {
	dir := t.TempDir()
	save := func(path string, v any) {
		data, _ := json.Marshal(v)
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		when := time.Date(2026, 12, 1, 10, 22, 0, 0, time.UTC)
		os.Chtimes(path, when, when)
	}
	rec := azidentity.AuthenticationRecord{Authority: "login.microsoftonline.us", ClientID: DefaultClientID, HomeAccountID: "secret-ish-oid.tid",
		TenantID: "72f988bf-86f1-41af-91ab-2d7cd011db47", Username: "adele@contoso.onmicrosoft.us", Version: "1.0"}
	save(RecordPath(dir, "usgov", "contoso.onmicrosoft.us", ""), savedRecord{Record: rec, Scopes: []string{"x"}})
	own := rec
	own.ClientID, own.Username = "0f8fad5b-d9cb-469f-a165-70867728950e", "megan@contoso.com"
	save(RecordPath(dir, "global", "", own.ClientID), own) // an older version's: the record alone
	hostile := rec
	hostile.Username = "eve\x1b]52;c;cm0gLXJmIC8=\x07@\u202econtoso.com"
	save(RecordPath(dir, "china", "evil\u202e.cn", ""), savedRecord{Record: hostile})
	os.WriteFile(RecordPath(dir, "global", "broken", ""), []byte("{"), 0o600)
	os.WriteFile(filepath.Join(dir, "journal.jsonl"), []byte("{}\n"), 0o600)

	var out bytes.Buffer
	if err := Status(&out, dir); err != nil {
		t.Fatal(err)
	}
	got := out.String()
	t.Log(got)
	for _, want := range []string{
		"4 saved sign-in(s) in " + dir,
		"adele@contoso.onmicrosoft.us · usgov cloud · tenant contoso.onmicrosoft.us (home tenant 72f988bf-86f1-41af-91ab-2d7cd011db47) · app " + DefaultClientID + " (signin-triage's default app), saved 2026-12-01 10:22 UTC",
		"megan@contoso.com · global cloud · tenant organizations (home tenant 72f988bf-86f1-41af-91ab-2d7cd011db47) · app 0f8fad5b-d9cb-469f-a165-70867728950e, saved",
		`eve\u001b]52;c;cm0gLXJmIC8=\u0007@\u202econtoso.com · china cloud · tenant evil\u202e.cn (home`,
		"signin-global-broken-default-client.json: not a saved sign-in this version can read",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("status lacks %q", want)
		}
	}
	if strings.Contains(got, "secret-ish-oid") || strings.Contains(got, "journal") {
		t.Error("status shows more than the saved sign-ins' who, where and when")
	}
	if strings.ContainsAny(got, "\x1b\x07\u202e") {
		t.Errorf("status is not inert: %q", got)
	}

	out.Reset()
	if err := Logout(&out, dir); err != nil || !strings.Contains(out.String(), "forgot 4 saved sign-in(s)") {
		t.Fatalf("logout: %v %q", err, out.String())
	}
	if left, _ := os.ReadDir(dir); len(left) != 1 || left[0].Name() != "journal.jsonl" {
		t.Errorf("logout left %v, want the journal alone", left)
	}
	out.Reset()
	if err := Status(&out, dir); err != nil || !strings.Contains(out.String(), "no saved sign-ins in "+dir) {
		t.Errorf("status after logout: %v %q", err, out.String())
	}
}
