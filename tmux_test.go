package main

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/ui"
)

// TestInRealTerminal runs the built binary in tmux, the way an analyst
// would, against a simulated tenant served by this test: it reads the
// screen, presses space, down, space, space, S and y, and checks that the
// tenant received exactly the IDs of rows 1, 3 and 4, in the batches the
// dialog announced. CI sets SIGNIN_TRIAGE_REQUIRE_TMUX=1 so that a missing
// tmux fails instead of skipping.
func TestInRealTerminal(t *testing.T) {
	requireTerminal(t)
	sim, err := simtenant.Start(simtenant.Options{SignIns: 80, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()

	dir, bin := buildBinary(t)
	term := runProgram(t, 140, 40, bin, filepath.Join(dir, "state"), sim, "--batch-size", "2")

	term.waitFor("the listing", "complete)")
	var rows []simtenant.SignIn // what the screen lists: at risk, newest first
	for _, s := range sim.SignIns() {
		if s.RiskState == "atRisk" {
			rows = append(rows, s)
		}
	}
	screen := term.screen()
	for i := range 4 {
		if line := screenRow(screen, i); !strings.Contains(line, rows[i].UserPrincipalName[:10]) {
			t.Fatalf("row %d reads %q, want %s", i+1, line, rows[i].UserPrincipalName)
		}
	}

	term.keys("Space", "Down", "Space", "Space", "S")
	term.waitFor("the dialog", "Confirm safe 3 sign-ins?")
	if s := term.screen(); !strings.Contains(s, "in 2 requests (at most 2") || !strings.Contains(s, "Graph offers no undo.") {
		t.Fatalf("the dialog does not say what will be sent:\n%s", s)
	}
	if n := len(sim.ActionRequests()); n != 0 {
		t.Fatalf("%d requests sent before the confirmation", n)
	}
	term.readDialog()
	term.keys("y")
	term.waitFor("the dispatch", "confirmSafe done: 3 accepted, 0 failed, 0 not sent (of 3).")

	var got [][]string
	for _, r := range sim.ActionRequests() {
		got = append(got, r.IDs)
	}
	want := [][]string{{rows[0].ID, rows[2].ID}, {rows[3].ID}}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Fatalf("the tenant received %v, want %v", got, want)
	}
	screen = term.screen()
	for i, confirmed := range []bool{true, false, true, true} {
		line := screenRow(screen, i)
		if strings.Contains(line, "✓ sent") != confirmed || strings.Contains(line, "confirmedSafe") != confirmed {
			t.Errorf("row %d reads %q", i+1, line)
		}
	}

	term.keys("q")
	term.waitFor("the exit", "EXIT=0")
	if s := term.screen(); !strings.Contains(s, "what this session sent") || !strings.Contains(s, "  ✓ request 2/2: 1 sign-in now confirmedSafe") {
		t.Errorf("no record of what was sent after the exit:\n%s", s)
	}
}

// requireTerminal skips a test that needs tmux when tmux is missing,
// unless CI says it must run (SIGNIN_TRIAGE_REQUIRE_TMUX), and in -short.
func requireTerminal(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		if os.Getenv("SIGNIN_TRIAGE_REQUIRE_TMUX") != "" {
			t.Fatal("tmux is required for this test and is not installed")
		}
		t.Skip("tmux is not installed")
	}
	if testing.Short() {
		t.Skip("builds the binary and drives a terminal")
	}
}

// buildBinary builds signin-triage into a temporary directory and returns
// the directory (for state) and the binary's path.
func buildBinary(t *testing.T) (dir, bin string) {
	t.Helper()
	dir = t.TempDir()
	bin = filepath.Join(dir, "signin-triage")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return dir, bin
}

// screenRow is the i-th table row of a captured screen: after the two
// header lines and the column titles.
func screenRow(screen string, i int) string {
	lines := strings.Split(screen, "\n")
	if 3+i >= len(lines) {
		return ""
	}
	return lines[3+i]
}

// programLine is the shell line that runs bin with its state under state:
// against tenant, or the demo when tenant is nil, with args after.
func programLine(bin, state string, tenant *simtenant.Server, args ...string) string {
	line := fmt.Sprintf("XDG_STATE_HOME=%s %s", state, bin)
	if tenant == nil {
		line += " --demo"
	} else {
		line += " --auth none --graph-url " + tenant.URL()
	}
	return strings.Join(append([]string{line}, args...), " ")
}

// runProgram is how every tmux test starts the program: programLine in a
// terminal width × height, whose shell then says EXIT=<status> and keeps
// the pane a minute to be read.
func runProgram(t *testing.T, width, height int, bin, state string, tenant *simtenant.Server, args ...string) *tmux {
	t.Helper()
	return newTmux(t, width, height, programLine(bin, state, tenant, args...)+"; echo EXIT=$?; sleep 60")
}

type tmux struct {
	t       *testing.T
	session string
}

func newTmux(t *testing.T, width, height int, command string) *tmux {
	t.Helper()
	session := fmt.Sprintf("signin-triage-test-%d", time.Now().UnixNano())
	cmd := exec.Command("tmux", "new-session", "-d", "-s", session, "-x", fmt.Sprint(width), "-y", fmt.Sprint(height), command)
	cmd.Env = append(os.Environ(), "TERM=xterm-256color")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("tmux new-session: %v\n%s", err, out)
	}
	t.Cleanup(func() { exec.Command("tmux", "kill-session", "-t", session).Run() })
	return &tmux{t: t, session: session}
}

func (m *tmux) screen() string {
	out, err := exec.Command("tmux", "capture-pane", "-p", "-t", m.session).Output()
	if err != nil {
		m.t.Fatalf("tmux capture-pane: %v", err)
	}
	return string(out)
}

// readDialog waits as an analyst reading a verdict's dialog does: its y
// counts once it has been on screen for the read delay.
func (m *tmux) readDialog() { time.Sleep(ui.DefaultReadDelay + 300*time.Millisecond) }

func (m *tmux) keys(keys ...string) {
	for _, k := range keys {
		if out, err := exec.Command("tmux", "send-keys", "-t", m.session, k).CombinedOutput(); err != nil {
			m.t.Fatalf("tmux send-keys %s: %v\n%s", k, err, out)
		}
		time.Sleep(50 * time.Millisecond) // one key at a time, like a person
	}
}

func (m *tmux) waitFor(what, text string) {
	m.t.Helper()
	// Generous: a loaded machine (the race detector beside it) can take
	// seconds to start a binary; only a failure waits this long.
	deadline := time.Now().Add(45 * time.Second)
	for {
		s := m.screen()
		if strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(s, "│", " ")), " "), text) {
			return
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("timed out waiting for %s (%q); screen:\n%s", what, text, s)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestHostileSignInInRealTerminal: a sign-in whose fields carry an OSC 0
// title change, an OSC 52 clipboard write, a clear-screen, U+202E and CR/LF
// reaches a real terminal. tmux's pane title and paste buffers stay as they
// were, no line of the screen moves, and the row can be selected and
// confirmed by its ID.
func TestHostileSignInInRealTerminal(t *testing.T) {
	requireTerminal(t)
	sim, err := simtenant.Start(simtenant.Options{SignIns: 40, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	hostileID := "0bad0bad-0000-4000-8000-00000000c0de"
	reason := "bad\r\npassword\x1b[2J"
	sim.Add(simtenant.SignIn{
		ID: hostileID, CreatedDateTime: time.Now().Add(-time.Second), IsInteractive: true,
		UserDisplayName:   "Eve\x1b]0;pwned-title\x07 \u202Eevil",
		UserPrincipalName: "eve\x1b]52;c;cHduZWQ=\x07@contoso.com",
		AppDisplayName:    "App\x1b]0;pwned-title\x07\x1b[2J\x1b[H\r\nInjected",
		IPAddress:         "203.0.113.66\r\n", RiskLevelAggregated: "high", RiskLevelDuringSignIn: "high",
		RiskState: "atRisk", RiskDetail: "none", ConditionalAccessStatus: "failure",
		RiskEventTypesV2: []string{"anonymizedIPAddress\x1b]8;;http://evil.example\x07"},
		Status:           simtenant.Status{ErrorCode: 50126, FailureReason: &reason},
		Location:         simtenant.Location{City: "Evil\nCity", CountryOrRegion: "ZZ"},
	})

	dir, bin := buildBinary(t)
	term := runProgram(t, 140, 40, bin, filepath.Join(dir, "state"), sim, "--batch-size", "2")
	// Let applications write the clipboard, so an OSC 52 that got through
	// would show as a paste buffer.
	exec.Command("tmux", "set-option", "-t", term.session, "set-clipboard", "on").Run()
	buffersBefore := term.buffers()

	term.waitFor("the listing", "complete)")
	screen := term.screen()
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) != 40 {
		t.Errorf("the screen has %d lines, want 40:\n%s", len(lines), screen)
	}
	if !strings.HasPrefix(lines[0], "signin-triage") || !strings.HasPrefix(lines[2], "   TIME (UTC)") {
		t.Errorf("the header moved:\n%s", screen)
	}
	row := screenRow(screen, 0)
	for _, want := range []string{"eve@contoso.com", "App Injected", "203.0.113.66", "high"} {
		if !strings.Contains(row, want) {
			t.Errorf("row 1 lacks %q: %q", want, row)
		}
	}
	if title := term.paneTitle(); strings.Contains(title, "pwned") || title != "signin-triage" {
		t.Errorf("the pane title is %q", title)
	}
	if after := term.buffers(); after != buffersBefore {
		t.Errorf("the paste buffers changed: %q -> %q", buffersBefore, after)
	}

	term.keys("Space", "S")
	term.waitFor("the dialog", "Confirm safe 1 sign-in?")
	term.readDialog()
	term.keys("y")
	term.waitFor("the dispatch", "confirmSafe done: 1 accepted")
	reqs := sim.ActionRequests()
	if len(reqs) != 1 || len(reqs[0].IDs) != 1 || reqs[0].IDs[0] != hostileID {
		t.Fatalf("the tenant received %+v, want the hostile sign-in's ID", reqs)
	}
	if title := term.paneTitle(); title != "signin-triage" {
		t.Errorf("after the dispatch the pane title is %q", title)
	}
}

func (m *tmux) paneTitle() string {
	out, _ := exec.Command("tmux", "display-message", "-p", "-t", m.session, "#{pane_title}").Output()
	return strings.TrimSpace(string(out))
}

// buffers lists tmux's paste buffers (empty when there are none).
func (m *tmux) buffers() string {
	out, _ := exec.Command("tmux", "list-buffers").Output()
	return string(out)
}

// TestCrashBetweenIntentAndOutcomeIsReported kills the program while an
// action request is in flight (after its intent is in the journal, before
// the reply), then starts it again: the new run reports the request whose
// outcome nobody saw, and the journal still verifies.
func TestCrashBetweenIntentAndOutcomeIsReported(t *testing.T) {
	requireTerminal(t)
	sim, err := simtenant.Start(simtenant.Options{SignIns: 40, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	release := sim.HoldPage(0) // the action request waits for its reply
	defer release()
	dir, bin := buildBinary(t)
	state := filepath.Join(dir, "state")
	term := runProgram(t, 140, 40, bin, state, sim)
	term.waitFor("the listing", "complete)")
	term.keys("Space", "Space", "S")
	term.waitFor("the dialog", "Confirm safe 2 sign-ins?")
	term.readDialog()
	term.keys("y")
	path := filepath.Join(state, "signin-triage", "journal.jsonl")
	deadline := time.Now().Add(10 * time.Second)
	for {
		if recs, _ := journalRecords(path); len(recs) == 1 && len(sim.Requests()) > 1 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("no intent in the journal while the request was in flight")
		}
		time.Sleep(50 * time.Millisecond)
	}
	// Only the program is killed: a pattern kill would also take the
	// shell tmux runs it in, and tmux would hang up the program, which
	// then has time to record its request as cut off.
	pids := programPIDs(t, bin)
	if len(pids) != 1 {
		t.Fatalf("expected one running program, found %v", pids)
	}
	if proc, err := os.FindProcess(pids[0]); err != nil {
		t.Fatal(err)
	} else if err := proc.Kill(); err != nil {
		t.Fatal(err)
	}
	// Only once it is gone does the held request get its reply, so that
	// nothing can record an outcome.
	for deadline := time.Now().Add(10 * time.Second); len(programPIDs(t, bin)) > 0; {
		if time.Now().After(deadline) {
			t.Fatal("the killed program is still running")
		}
		time.Sleep(50 * time.Millisecond)
	}
	release()

	again := runProgram(t, 140, 40, bin, state, sim)
	again.waitFor("the report", "with no recorded outcome (the program stopped while it was in flight)")
	if !strings.Contains(strings.Join(strings.Fields(strings.ReplaceAll(again.screen(), "│", " ")), " "), "check these sign-ins before retrying") {
		t.Errorf("the report does not say what to do:\n%s", again.screen())
	}
	if out, err := exec.Command(bin, "journal", "verify", "--file", path).CombinedOutput(); err != nil || !strings.Contains(string(out), "verifies") {
		t.Errorf("journal verify: %v %s", err, out)
	}
	// Reported once: the next start says nothing more of it.
	recs, _ := journalRecords(path)
	if last := recs[len(recs)-1]; last.Kind != "outcome" || last.Outcome != "unknown" {
		t.Errorf("the report was not recorded: %+v", last)
	}
}

// programPIDs are the processes running the binary at bin, found by
// their executable rather than by their command line.
func programPIDs(t *testing.T, bin string) []int {
	t.Helper()
	entries, err := os.ReadDir("/proc")
	if err != nil {
		t.Skipf("no /proc to find the program in: %v", err)
	}
	want, err := filepath.EvalSymlinks(bin)
	if err != nil {
		t.Fatal(err)
	}
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == want {
			pids = append(pids, pid)
		}
	}
	return pids
}

type journalLine struct {
	Kind, Outcome string
}

func journalRecords(path string) ([]journalLine, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []journalLine
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		if line == "" {
			continue
		}
		var r journalLine
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, nil
}

// TestSIGTERMDuringADispatch: killed by SIGTERM while a verdict is in
// flight, the program exits 143 (128 + 15) and its record at exit lists
// the cut-off request's sign-ins as unknown, with what to check.
func TestSIGTERMDuringADispatch(t *testing.T) {
	requireTerminal(t)
	sim, err := simtenant.Start(simtenant.Options{SignIns: 40, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	release := sim.HoldPage(0) // the action request waits for its reply
	defer release()
	dir, bin := buildBinary(t)
	pidFile := filepath.Join(dir, "pid")
	term := newTmux(t, 200, 50, fmt.Sprintf("sh -c 'echo $$ > %s; exec env %s'; echo EXIT=$?; sleep 60",
		pidFile, programLine(bin, filepath.Join(dir, "state"), sim)))
	term.waitFor("the listing", "complete)")
	term.keys("Space", "Space", "S")
	term.waitFor("the dialog", "Confirm safe 2 sign-ins?")
	term.readDialog()
	term.keys("y")
	deadline := time.Now().Add(10 * time.Second)
	for len(sim.ActionRequests()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("the request never reached the tenant")
		}
		time.Sleep(50 * time.Millisecond)
	}
	pid, err := os.ReadFile(pidFile)
	if err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("kill", "-TERM", strings.TrimSpace(string(pid))).CombinedOutput(); err != nil {
		t.Fatalf("kill: %v %s", err, out)
	}
	term.waitFor("the exit", "EXIT=143")
	screen := strings.Join(strings.Fields(term.screen()), " ")
	ids := sim.ActionRequests()[0].IDs
	if !strings.Contains(screen, "confirmSafe stopped after request 1 of 1 (the session ended while it was in flight): 0 accepted, 0 failed, 2 cut off") {
		t.Errorf("the record does not say where the dispatch stopped:\n%s", term.screen())
	}
	if !strings.Contains(screen, "Cut off at exit, outcome unknown: r1 confirmSafe for 2 sign-ins") {
		t.Errorf("the record does not list the cut-off request:\n%s", term.screen())
	}
	for _, id := range ids {
		if !strings.Contains(strings.ReplaceAll(screen, " ", ""), id) {
			t.Errorf("the record does not name %s:\n%s", id, term.screen())
		}
	}
}

// TestHostileRequestIDNeverReachesTheTerminal: the tenant's action replies
// carry a request-id with U+202E, U+009B and U+009D: the raw bytes written
// to the terminal (tmux pipe-pane), the journal and the debug log hold none
// of them.
func TestHostileRequestIDNeverReachesTheTerminal(t *testing.T) {
	requireTerminal(t)
	sim, err := simtenant.Start(simtenant.Options{SignIns: 40, Seed: 3, RequestID: "5e1a\u202eevil\u009b2J\u009d0;title" + strings.Repeat("x", 3000)})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	dir, bin := buildBinary(t)
	state, debug, raw := filepath.Join(dir, "state"), filepath.Join(dir, "debug.log"), filepath.Join(dir, "raw.out")
	term := runProgram(t, 140, 40, bin, state, sim, "--debug-log", debug)
	if out, err := exec.Command("tmux", "pipe-pane", "-t", term.session, "-o", "cat > "+raw).CombinedOutput(); err != nil {
		t.Fatalf("tmux pipe-pane: %v %s", err, out)
	}
	term.waitFor("the listing", "complete)")
	term.keys("Space", "Space", "S")
	term.waitFor("the dialog", "Confirm safe 2 sign-ins?")
	term.readDialog()
	term.keys("y")
	term.waitFor("the dispatch", "confirmSafe done: 2 accepted")
	term.keys("J")
	term.waitFor("the request log", "✓ accepted 204 request-id")
	term.keys("q", "q") // back from the request log, then quit
	term.waitFor("the exit", "EXIT=")
	for name, path := range map[string]string{"terminal": raw, "journal": filepath.Join(state, "signin-triage", "journal.jsonl"), "debug log": debug} {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, bad := range []string{"\u202e", "\u009b", "\u009d", strings.Repeat("x", 200)} {
			if strings.Contains(string(data), bad) {
				t.Errorf("the %s holds %q", name, []rune(bad)[0])
			}
		}
		if name != "terminal" && !strings.Contains(string(data), "5e1aevil") {
			t.Errorf("the %s lacks the sanitized request-id", name)
		}
	}
}
