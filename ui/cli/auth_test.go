package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph/auth"
)

// TestAuthLogoutForgetsSavedSignIns: `auth logout` deletes the saved
// sign-ins and nothing else in the state directory; `auth status` lists
// them before and none after. Neither reads the config file, so one
// that no longer starts does not stand in the way.
func TestAuthLogoutForgetsSavedSignIns(t *testing.T) {
	dir := t.TempDir()
	env := map[string]string{"XDG_STATE_HOME": dir}
	state := auth.StateDir(envOf(env))
	path := auth.RecordPath(state, "usgov", "contoso.onmicrosoft.us", "")
	os.MkdirAll(state, 0o700)
	os.WriteFile(path, []byte(`{"record":{"username":"a@contoso.onmicrosoft.us","tenantId":"t","version":"1.0"},"scopes":[]}`), 0o600)
	other := filepath.Join(state, "journal.jsonl")
	os.WriteFile(other, []byte("{}"), 0o600)
	broken := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(broken, []byte("logout: true\n"), 0o600)

	if out, errOut, code := runCLI(t, env, "auth", "status", "--config", broken); code != 0 || !strings.Contains(out, "a@contoso.onmicrosoft.us · usgov cloud · tenant contoso.onmicrosoft.us") {
		t.Errorf("auth status: exit %d, %q %q", code, out, errOut)
	}
	out, errOut, code := runCLI(t, env, "auth", "logout", "--config", broken)
	if code != 0 || !strings.Contains(out, "forgot 1 saved sign-in") {
		t.Fatalf("auth logout: exit %d, %q %q", code, out, errOut)
	}
	if _, err := os.Stat(path); !os.IsNotExist(err) {
		t.Error("auth logout left the saved sign-in")
	}
	if _, err := os.Stat(other); err != nil {
		t.Error("auth logout removed a file that is not a sign-in")
	}
	if out, _, code := runCLI(t, env, "auth", "status"); code != 0 || !strings.Contains(out, "no saved sign-ins") {
		t.Errorf("auth status after logout: exit %d, %q", code, out)
	}
}
