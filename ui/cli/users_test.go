package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"charm.land/fang/v2"

	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
	"github.com/signin-triage/signin-triage/ui/cli/doctor"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// userRunner runs the command line against sim, with one state directory.
func userRunner(t *testing.T, sim *simtenant.Server) func(args ...string) (string, string, int) {
	state := t.TempDir()
	return func(args ...string) (string, string, int) {
		cmd := newRootCmd(envOf(map[string]string{"XDG_STATE_HOME": state}), "dev")
		var out, errOut bytes.Buffer
		cmd.SetOut(&out)
		cmd.SetErr(&errOut)
		cmd.SetArgs(append(args, "--auth", "none", "--graph-url", sim.URL()))
		err := cmd.Execute()
		plainError(&errOut, fang.Styles{}, err) // as Execute prints it
		code := int(exit.Of(err))
		t.Logf("%v: exit %d\nstdout: %s\nstderr: %s", args, code, out.String(), errOut.String())
		return out.String(), errOut.String(), code
	}
}

// sentIn are the IDs of the JSON lines in out whose outcome is accepted.
func sentIn(t *testing.T, out string) []string {
	t.Helper()
	var ids []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var line struct {
			IDs     []string `json:"ids"`
			Outcome string   `json:"outcome"`
		}
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		if line.Outcome == "accepted" {
			ids = append(ids, line.IDs...)
		}
	}
	return ids
}

// TestConfirmUserCompromisedFromFollowUp: after confirm-compromised on
// the spray's sign-ins whose password was right, confirm-user-compromised
// --from-followup acts on exactly the users the journal names, and exits
// 0; run again, it has nothing left to do; revoke-sessions --from-followup
// --dry-run sends nothing.
func TestConfirmUserCompromisedFromFollowUp(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 250})
	run := userRunner(t, sim)
	out, _, code := run("confirm-compromised", "--from-query", "--ip", "185.220.", "--where", "pw:verified", "--note", "INC-9")
	confirmed := sentIn(t, out)
	if code != 0 || len(confirmed) == 0 {
		t.Fatalf("confirm-compromised: exit %d, %d sent", code, len(confirmed))
	}
	var want []string
	for _, id := range confirmed {
		s, _ := sim.SignIn(id)
		if !slices.Contains(want, s.UserID) {
			want = append(want, s.UserID)
		}
	}
	slices.Sort(want)
	before := len(sim.ActionRequests())
	out, _, code = run("confirm-user-compromised", "--from-followup", "--note", "INC-9")
	got := sentIn(t, out)
	slices.Sort(got)
	reqs := sim.ActionRequests()[before:]
	if code != 0 || !slices.Equal(got, want) || len(reqs) != 1 || reqs[0].Action != simtenant.ActionConfirmUserCompromised {
		t.Fatalf("exit %d; confirmed users %v, want %v; requests %+v", code, got, want, reqs)
	}
	for _, u := range want {
		if r, _ := sim.RiskyUser(u); r.RiskState != "confirmedCompromised" {
			t.Errorf("user %s is %s after confirm-user-compromised", u, r.RiskState)
		}
	}
	before = len(sim.ActionRequests())
	if _, errOut, code := run("confirm-user-compromised", "--from-followup"); code != 0 || len(sim.ActionRequests()) != before ||
		!strings.Contains(errOut, "nothing to send") {
		t.Errorf("again: exit %d, %d requests; %s", code, len(sim.ActionRequests())-before, errOut)
	}
	out, _, code = run("revoke-sessions", "--from-followup", "--dry-run")
	if code != 0 || len(sim.ActionRequests()) != before || strings.Count(out, `"outcome":"dry run"`) != len(want) {
		t.Errorf("revoke --dry-run: exit %d, %d requests, %q", code, len(sim.ActionRequests())-before, out)
	}
	if _, _, code := run("dismiss-user-risk", "--from-followup"); code != 2 {
		t.Errorf("dismiss-user-risk --from-followup: exit %d, want 2", code)
	}
}

// TestAnUnresolvableUserRefusesEverything: --users with a name Graph does
// not know sends nothing and exits 2, naming it; with names it knows,
// each is resolved and sent.
func TestAnUnresolvableUserRefusesEverything(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 120})
	run := userRunner(t, sim)
	var upns, ids []string
	for _, s := range sim.SignIns() {
		if len(upns) < 2 && !slices.Contains(ids, s.UserID) {
			upns, ids = append(upns, s.UserPrincipalName), append(ids, s.UserID)
		}
	}
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.txt")
	os.WriteFile(bad, []byte(upns[0]+"\nnobody@nowhere.example\n"+ids[1]+"\n"), 0o600)
	_, errOut, code := run("revoke-sessions", "--users", bad)
	if code != 2 || len(sim.ActionRequests()) != 0 || !strings.Contains(errOut, "nobody@nowhere.example") {
		t.Fatalf("an unknown name: exit %d, %d requests", code, len(sim.ActionRequests()))
	}
	garbage := filepath.Join(dir, "garbage.txt")
	os.WriteFile(garbage, []byte(upns[0]+"\n'; drop table\n"), 0o600)
	if _, _, code := run("revoke-sessions", "--users", garbage); code != 2 || len(sim.ActionRequests()) != 0 {
		t.Fatalf("a line that is no user: exit %d", code)
	}
	good := filepath.Join(dir, "good.txt")
	os.WriteFile(good, []byte("# INC-9\n"+upns[0]+"\n"+strings.ToUpper(ids[1])+"\n"), 0o600)
	out, _, code := run("revoke-sessions", "--users", good, "--note", "INC-9")
	if got := sentIn(t, out); code != 0 || !slices.Equal(got, ids) {
		t.Fatalf("exit %d, revoked %v, want %v", code, got, ids)
	}
	if len(sim.Revoked()) != 2 {
		t.Errorf("the tenant revoked %d users' sessions", len(sim.Revoked()))
	}
}

// TestDoctorLooksForTheRevokePermissionWithUserActions: the doctor looks
// for User.RevokeSessions.All in the token only when --user-actions asks
// for it, and for no write permission when read-only.
func TestDoctorLooksForTheRevokePermissionWithUserActions(t *testing.T) {
	has := func(ns []doctor.Need, p string) bool {
		return slices.ContainsFunc(ns, func(n doctor.Need) bool { return n.Permission == p })
	}
	if !has(needs(false, true), "User.RevokeSessions.All") || has(needs(false, false), "User.RevokeSessions.All") ||
		has(needs(true, true), "IdentityRiskyUser.ReadWrite.All") {
		t.Errorf("needs: %v / %v / %v", needs(false, true), needs(false, false), needs(true, true))
	}
}
