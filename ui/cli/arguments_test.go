package cli

import (
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// TestWordsNoCommandTakesAreUsageErrors: an unknown command, an ID given
// as an argument, or any word a command does not take exits 2 (bad usage),
// not 1 (a request failed), and says what to type instead; IDs given to
// a verdict point to --ids. Nothing is sent.
func TestWordsNoCommandTakesAreUsageErrors(t *testing.T) {
	sim, err := simtenant.Start(simtenant.Options{SignIns: 30})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	id := sim.SignIns()[0].ID
	remote := []string{"--auth", "none", "--graph-url", sim.URL()}
	for _, tt := range []struct {
		args []string
		want []string
	}{
		{[]string{"frobnicate"}, []string{`unknown command "frobnicate" for signin-triage`, "signin-triage --help"}},
		{[]string{"confrim-safe"}, []string{"did you mean confirm-safe?"}},
		{[]string{id}, []string{"unknown command", "--ids to confirm-safe, confirm-compromised or dismiss"}},
		{append([]string{"--demo", "extra"}, remote...), []string{`unknown command "extra"`}},
		{append([]string{"confirm-safe", id}, remote...), []string{"signin-triage confirm-safe takes the sign-in IDs with --ids, not as arguments", "--ids -"}},
		{append([]string{"dismiss", "--dry-run", id, "--ids", "-"}, remote...), []string{"signin-triage dismiss takes the sign-in IDs with --ids"}},
		{append([]string{"confirm-compromised", id, id}, remote...), []string{"signin-triage confirm-compromised takes the sign-in IDs with --ids"}},
		{append([]string{"export", "csv"}, remote...), []string{`signin-triage export takes flags only, not "csv"`}},
		{[]string{"doctor", "--demo", "now"}, []string{`signin-triage doctor takes flags only, not "now"`}},
		{[]string{"journal", "frobnicate"}, []string{`unknown command "frobnicate" for signin-triage journal`}},
		{[]string{"journal", "verify", "journal.jsonl"}, []string{`signin-triage journal verify takes flags only, not "journal.jsonl"`}},
		{[]string{"help", "frobnicate"}, []string{`unknown command "frobnicate" for signin-triage`}},
		{[]string{"completion", "tcsh"}, []string{`unknown command "tcsh" for signin-triage completion`}},
	} {
		_, errOut, code := runCLI(t, map[string]string{"XDG_STATE_HOME": t.TempDir()}, tt.args...)
		if code != 2 {
			t.Errorf("%q: exit status %d, want 2; stderr %q", tt.args, code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(errOut, w) {
				t.Errorf("%q: stderr %q lacks %q", tt.args, errOut, w)
			}
		}
	}
	if n := len(sim.Requests()) + len(sim.ActionRequests()); n != 0 {
		t.Errorf("a refused command line sent %d requests", n)
	}
	// A group without a command still shows its help, as before.
	if out, _, code := runCLI(t, nil, "journal"); code != 0 || !strings.Contains(out, "reseal") {
		t.Errorf("journal alone: exit %d, %q", code, out)
	}
}
