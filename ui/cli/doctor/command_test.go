package doctor_test

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// TestDoctorCommandLeavesTheJournalAsItWas runs the real program: `doctor`
// against a tenant and `doctor --demo`, each with a journal holding a
// request an earlier run left without an outcome (the demo's from before
// journals had a head). The doctor lists that request, and leaves both
// journals and their heads byte for byte as they were: no "reported at
// the next start" outcome, and no head sealed.
func TestDoctorCommandLeavesTheJournalAsItWas(t *testing.T) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "signin-triage")
	if out, err := exec.Command(goTool, "build", "-o", bin, "github.com/signin-triage/signin-triage").CombinedOutput(); err != nil {
		t.Fatalf("building the program: %v\n%s", err, out)
	}
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 50})
	state := t.TempDir()
	tenant := journal.PathIn(filepath.Join(state, "signin-triage"), false)
	demo := journal.PathIn(filepath.Join(state, "signin-triage"), true)
	leftOpen(t, tenant, "left-open-tenant")
	leftOpen(t, demo, "left-open-demo")
	os.Remove(journal.HeadPath(demo))
	type held struct{ body, head []byte }
	before := map[string]held{}
	for _, path := range []string{tenant, demo} {
		b, h := files(t, path)
		before[path] = held{b, h}
	}
	for _, run := range []struct {
		args []string
		want string
	}{
		{[]string{"doctor", "--auth", "none", "--graph-url", sim.URL()}, "left-open-tenant"},
		{[]string{"doctor", "--demo"}, "left-open-demo"},
	} {
		cmd := exec.Command(bin, run.args...)
		cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+state, "HOME="+state, "XDG_CONFIG_HOME="+state)
		var out, errOut bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &errOut
		err := cmd.Run()
		t.Logf("%v: %v\nstdout:\n%s\nstderr:\n%s", run.args, err, out.String(), errOut.String())
		if !strings.Contains(out.String(), "no recorded outcome") || !strings.Contains(out.String(), run.want) {
			t.Errorf("%v does not list the request left open", run.args)
		}
	}
	for _, path := range []string{tenant, demo} {
		if b, h := files(t, path); !bytes.Equal(b, before[path].body) || !bytes.Equal(h, before[path].head) {
			t.Errorf("the doctor wrote to %s:\n%s\nhead %q, was %q", path, b, h, before[path].head)
		}
	}
	if _, err := os.Stat(journal.HeadPath(demo)); err == nil {
		t.Errorf("the doctor sealed the demo journal's head")
	}
}
