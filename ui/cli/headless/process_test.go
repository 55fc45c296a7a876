package headless_test

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// The tests in this file run the real program, built once, as a playbook
// would: against a simulated tenant in this process (--auth none
// --graph-url), with a state directory of their own.

// program builds signin-triage into a directory of t's and returns its path.
func program(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "signin-triage")
	if out, err := exec.Command(goTool, "build", "-o", bin, "github.com/signin-triage/signin-triage").CombinedOutput(); err != nil {
		t.Fatalf("building the program: %v\n%s", err, out)
	}
	return bin
}

// started is one run of the program.
type started struct {
	cmd         *exec.Cmd
	out, errOut bytes.Buffer
}

// start runs the program with args against sim, keeping state in state.
func start(t *testing.T, bin, state string, sim *simtenant.Server, args ...string) *started {
	t.Helper()
	r := &started{cmd: exec.Command(bin, append(args, "--auth", "none", "--graph-url", sim.URL())...)}
	r.cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+state, "HOME="+state, "XDG_CONFIG_HOME="+state)
	r.cmd.Stdout, r.cmd.Stderr = &r.out, &r.errOut
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.cmd.Process.Kill() }) //nolint:errcheck // already ended, mostly
	return r
}

// wait waits for the run to end and returns its exit status.
func (r *started) wait(t *testing.T) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- r.cmd.Wait() }()
	select {
	case err := <-done:
		var exit *exec.ExitError
		if err != nil && !errors.As(err, &exit) {
			t.Fatal(err)
		}
		t.Logf("%v: exit %d\nstdout:\n%s\nstderr:\n%s", r.cmd.Args[1:3], r.cmd.ProcessState.ExitCode(), r.out.String(), r.errOut.String())
		return r.cmd.ProcessState.ExitCode()
	case <-time.After(60 * time.Second):
		t.Fatalf("%v did not end\nstdout:\n%s\nstderr:\n%s", r.cmd.Args, r.out.String(), r.errOut.String())
	}
	return -1
}

// jsonLines decodes the program's standard output, a JSON object a line.
func jsonLines(t *testing.T, out string) []map[string]any {
	t.Helper()
	var lines []map[string]any
	sc := bufio.NewScanner(strings.NewReader(out))
	for sc.Scan() {
		var l map[string]any
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("a line that is not JSON: %q", sc.Text())
		}
		lines = append(lines, l)
	}
	return lines
}

func idsOf(l map[string]any) []string {
	var ids []string
	for _, id := range l["ids"].([]any) {
		ids = append(ids, id.(string))
	}
	return ids
}

// TestSIGTERMCutsOffTheRequestInFlight: a playbook's timeout sends
// SIGTERM while the first of three requests is out. The program exits
// 143; standard output has a JSON line for that request with outcome
// unknown and its IDs, and the rest not sent; standard error says it was
// cut off and names the IDs to check; and the journal records that
// request's outcome as unknown, canceled before Graph replied.
func TestSIGTERMCutsOffTheRequestInFlight(t *testing.T) {
	bin := program(t)
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 200})
	release := sim.HoldPage(0) // every action request waits
	defer release()
	ids := simtest.AtRisk(sim, 5)
	dir, state := t.TempDir(), t.TempDir()
	file := filepath.Join(dir, "ids.txt")
	os.WriteFile(file, []byte(strings.Join(ids, "\n")+"\n"), 0o600)

	run := start(t, bin, state, sim, "confirm-safe", "--ids", file, "--batch-size", "2", "--note", "INC-9")
	for deadline := time.Now().Add(30 * time.Second); len(sim.ActionRequests()) == 0; time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("no request went out\nstderr:\n%s", run.errOut.String())
		}
	}
	if err := run.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if status := run.wait(t); status != 143 {
		t.Errorf("exit status %d, want 143 (128 + SIGTERM)", status)
	}

	lines := jsonLines(t, run.out.String())
	if len(lines) != 3 {
		t.Fatalf("%d JSON lines, want one per request (3)", len(lines))
	}
	if lines[0]["outcome"] != "unknown" || !slices.Equal(idsOf(lines[0]), ids[:2]) {
		t.Errorf("the request in flight reads %v, want outcome unknown for %v", lines[0], ids[:2])
	}
	for _, l := range lines[1:] {
		if l["outcome"] != "not sent" || !strings.Contains(fmt.Sprint(l["error"]), "Not sent: the session was stopped before this request went out.") {
			t.Errorf("a request after the signal reads %v, want not sent, saying why", l)
		}
	}
	for _, want := range []string{"cut off in flight, outcome unknown", ids[0] + ", " + ids[1], "2 unknown, 3 not sent"} {
		if !strings.Contains(strings.ReplaceAll(run.errOut.String(), "\n", " "), want) {
			t.Errorf("standard error lacks %q", want)
		}
	}
	if n := len(sim.ActionRequests()); n != 1 {
		t.Errorf("%d requests went out, want only the one cut off", n)
	}

	recs, err := journal.ReadFile(journal.PathIn(filepath.Join(state, "signin-triage"), false))
	if err != nil {
		t.Fatal(err)
	}
	var intent, outcome *journal.Record
	for i, r := range recs {
		switch r.Kind {
		case journal.Intent:
			intent = &recs[i]
		case journal.Outcome:
			outcome = &recs[i]
		}
	}
	switch {
	case len(recs) != 2 || intent == nil || outcome == nil:
		t.Fatalf("the journal holds %+v, want the intent and the outcome of one request", recs)
	case outcome.Request != intent.Request || outcome.Outcome != "unknown" || !slices.Equal(outcome.IDs, ids[:2]) || !strings.Contains(outcome.Error, "Cut off: the session was stopped before Graph replied."):
		t.Errorf("the journal records %+v for %+v, want unknown, canceled, with its IDs", outcome, intent)
	}
}

// TestALineTooLongRefusesEverything: a 70 KB line among good IDs in an
// --ids file is input that cannot be read whole: exit 2, nothing sent.
func TestALineTooLongRefusesEverything(t *testing.T) {
	bin := program(t)
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 200})
	ids := simtest.AtRisk(sim, 4)
	file := filepath.Join(t.TempDir(), "ids.txt")
	input := ids[0] + "\n" + ids[1] + "\n" + strings.Repeat("a", 70*1024) + "\n" + ids[2] + "\n" + ids[3] + "\n"
	os.WriteFile(file, []byte(input), 0o600)
	run := start(t, bin, t.TempDir(), sim, "dismiss", "--ids", file)
	if status := run.wait(t); status != 2 || len(sim.ActionRequests()) != 0 || run.out.Len() != 0 {
		t.Errorf("exit %d, %d requests sent, stdout %q; want exit 2 and nothing sent", status, len(sim.ActionRequests()), run.out.String())
	}
	if !strings.Contains(run.errOut.String(), "line 3") {
		t.Errorf("standard error does not name line 3: %s", run.errOut.String())
	}
}

// TestTheNextRunReportsWhatAnEarlierOneLeftOpen: a request an earlier run
// left without an outcome is reported on standard error by the next
// headless run, which marks it reported, with what its IDs carry of
// escape sequences and bidi controls removed; the run after says nothing
// of it.
func TestTheNextRunReportsWhatAnEarlierOneLeftOpen(t *testing.T) {
	bin := program(t)
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 200})
	ids := simtest.AtRisk(sim, 2)
	state := t.TempDir()
	path := journal.PathIn(filepath.Join(state, "signin-triage"), false)
	os.MkdirAll(filepath.Dir(path), 0o700)
	j, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	const hostile = "left-open\x1b]0;owned\x07\x1b]52;c;cm0gLXJm\x07\u202eevil"
	if _, err := j.Append(journal.Record{Kind: journal.Intent, Action: "confirmCompromised", IDs: []string{ids[0], hostile}}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	file := filepath.Join(t.TempDir(), "ids.txt")
	os.WriteFile(file, []byte(ids[1]+"\n"), 0o600)

	run := start(t, bin, state, sim, "dismiss", "--ids", file, "--dry-run")
	if status := run.wait(t); status != 0 {
		t.Fatalf("exit %d", status)
	}
	said := run.errOut.String()
	if !strings.Contains(said, "no recorded outcome") || !strings.Contains(said, ids[0]) || !strings.Contains(said, "left-open") {
		t.Errorf("standard error does not report the request left open:\n%s", said)
	}
	if strings.ContainsAny(said, "\x1b\x07\u202e") {
		t.Errorf("standard error carries the journal's IDs raw: %q", said)
	}
	again := start(t, bin, state, sim, "dismiss", "--ids", file, "--dry-run")
	if again.wait(t); strings.Contains(again.errOut.String(), "no recorded outcome") {
		t.Errorf("the request was reported again:\n%s", again.errOut.String())
	}
}
