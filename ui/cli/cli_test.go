package cli

import (
	"bytes"
	"strings"
	"testing"

	"charm.land/fang/v2"

	"github.com/signin-triage/signin-triage/graph/auth"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

func defaults() options { return defaultOptions() }

func noPrompt(auth.DeviceCode) {}

func noEnv(string) (string, bool) { return "", false }

func envOf(m map[string]string) func(string) (string, bool) {
	return func(k string) (string, bool) { v, ok := m[k]; return v, ok }
}

// runCLI runs the command line as main does, up to the exit status:
// newRootCmd, then exitCode. Standard error gets what plainError would
// print.
func runCLI(t *testing.T, env map[string]string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	cmd := newRootCmd(envOf(env), "dev")
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs(args)
	err := cmd.Execute()
	if err != nil {
		plainError(&errOut, fang.Styles{}, err)
	}
	return out.String(), errOut.String(), int(exit.Of(err))
}

// TestExitStatuses: bad usage or configuration exits 2, an export that
// stops early exits 1 (a signal: TestSIGTERMDuringADispatch).
func TestExitStatuses(t *testing.T) {
	sim, err := simtenant.Start(simtenant.Options{SignIns: 30})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	sim.InjectFault(simtenant.Fault{Action: "list", Status: 400, Code: "BadRequest", Message: "no"})
	for want, args := range map[exit.Status][]string{
		2: {"--demo", "--batch-size", "zero"},
		0: {"export", "--demo", "--demo-signins", "20"},
		1: {"export", "--auth", "none", "--graph-url", sim.URL()},
	} {
		cmd := newRootCmd(envOf(map[string]string{"XDG_STATE_HOME": t.TempDir()}), "dev")
		cmd.SetOut(&bytes.Buffer{})
		cmd.SetErr(&bytes.Buffer{})
		cmd.SetArgs(args)
		if got := exit.Of(cmd.Execute()); got != want {
			t.Errorf("%v: exit status %d, want %d", args, got, want)
		}
	}
	for _, args := range [][]string{{"--bogus-flag"}, {"export", "--demo", "--format", "xml"}, {"--config", "/nonexistent/config.yaml"}} {
		cmd := newRootCmd(envOf(nil), "dev")
		cmd.SetOut(&bytes.Buffer{})
		cmd.SetErr(&bytes.Buffer{})
		cmd.SetArgs(args)
		if got := exit.Of(cmd.Execute()); got != 2 {
			t.Errorf("%v: exit status %d, want 2", args, got)
		}
	}
}

// TestHelpListsEveryFlag: --help names each flag with its default.
func TestHelpListsEveryFlag(t *testing.T) {
	cmd := newRootCmd(noEnv, "dev")
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"--help"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--demo", "--demo-signins", "--read-only", "--dry-run", "--debug-log", "--state", "--risk-level", "--user", "--app", "--ip", "--api", "--include-noninteractive", "--cloud", "--tenant", "--client-id", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "--graph-url", "--auth", "--since", "--batch-size", "--page-size",
		`default "30d"`, "(default 60)", "(default 1000)", `default "device"`, `default "global"`, "--config",
		"SIGNIN_TRIAGE_BATCH_SIZE", "SIGNIN_TRIAGE_CLOUD", "SIGNIN_TRIAGE_READ_ONLY"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q:\n%s", want, out.String())
		}
	}
}
