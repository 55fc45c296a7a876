package cli

import (
	"bytes"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// TestDoctorCommand: `doctor --demo` checks the simulated tenant and
// exits 0; nothing is marked.
func TestDoctorCommand(t *testing.T) {
	cmd := newRootCmd(envOf(map[string]string{"XDG_STATE_HOME": t.TempDir()}), "dev")
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&bytes.Buffer{})
	cmd.SetArgs([]string{"doctor", "--demo"})
	if code := exit.Of(cmd.Execute()); code != 0 || !strings.Contains(out.String(), "✓ the default query") || strings.Contains(out.String(), "✗") {
		t.Errorf("exit %d:\n%s", code, out.String())
	}
}
