package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/ui"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// TestTailWithABadCountIsAUsageError: -n -3 and -n 0 are usage errors.
func TestTailWithABadCountIsAUsageError(t *testing.T) {
	for _, n := range []string{"-3", "0"} {
		cmd := newJournalCmd(func() string { return filepath.Join(t.TempDir(), "journal.jsonl") })
		cmd.SetArgs([]string{"tail", "-n", n})
		cmd.SetOut(&bytes.Buffer{})
		cmd.SetErr(&bytes.Buffer{})
		if err := cmd.Execute(); !errorsAsUsage(err) {
			t.Errorf("tail -n %s: %v", n, err)
		}
	}
}

func errorsAsUsage(err error) bool { _, ok := err.(exit.UsageError); return ok }

// TestJournalTailWithABadCountExits2: -n below 1 is refused as a usage
// error through the command line, not a panic and not exit 1; 0 too,
// since "show no records" is never what was meant.
func TestJournalTailWithABadCountExits2(t *testing.T) {
	file := filepath.Join(t.TempDir(), "journal.jsonl")
	for _, n := range []string{"-3", "0"} {
		_, errOut, code := runCLI(t, map[string]string{"XDG_STATE_HOME": t.TempDir()}, "journal", "tail", "-n", n, "--file", file)
		if want := "journal tail -n " + n + ": give how many records to show, 1 or more"; code != 2 || !strings.Contains(errOut, want) {
			t.Errorf("tail -n %s: exit %d, stderr %q; want 2 and %q", n, code, errOut, want)
		}
	}
	if _, errOut, code := runCLI(t, nil, "journal", "tail", "-n", "three", "--file", file); code != 2 {
		t.Errorf("tail -n three: exit %d, stderr %q", code, errOut)
	}
}

// TestASessionShowsAJournalGapAndLeavesItOpen: a journal cut from 8
// records to 4 with its head deleted. The session the program starts says
// it cannot show that nothing was cut off the end, in the status pane and
// in the record printed at exit, refuses to send, and does not seal a new
// head over the gap; `journal verify` exits 1 with the same words.
func TestASessionShowsAJournalGapAndLeavesItOpen(t *testing.T) {
	const gap = "cannot show that nothing was cut off the end"
	xdg := t.TempDir()
	state := filepath.Join(xdg, "signin-triage")
	path := journal.PathIn(state, true)
	os.MkdirAll(filepath.Dir(path), 0o700)
	j, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for range 8 {
		j.Append(journal.Record{Kind: journal.Intent, Action: "dismiss", IDs: []string{"x"}})
	}
	j.Close()
	b, _ := os.ReadFile(path)
	lines := strings.SplitAfter(string(b), "\n")
	os.WriteFile(path, []byte(strings.Join(lines[:4], "")), 0o600)
	os.Remove(journal.HeadPath(path))

	o := defaults()
	o.values["demo"] = "true"
	o.stateDir = state
	cfg, cleanup, err := configure(o, time.Now(), noPrompt)
	if err != nil {
		t.Fatal(err)
	}
	m := ui.New(cfg)
	m.Update(tea.WindowSizeMsg{Width: 160, Height: 45})
	if record := strings.Join(m.Record(), "\n"); !strings.Contains(record, gap) {
		t.Errorf("the record at exit does not say the end may be cut off:\n%s", record)
	}
	if !strings.Contains(m.View().Content, "cannot show that nothing") {
		t.Errorf("the status pane does not say so:\n%s", m.View().Content)
	}
	// A verdict key says at once why nothing can be sent, rather than
	// opening a dialog whose y would be refused.
	m.Update(tea.KeyPressMsg{Code: 'S', Text: "S"})
	if view := ansi.Strip(m.View().Content); strings.Contains(view, "Confirm safe") || !strings.Contains(view, "no verdict is sent until") {
		t.Errorf("S with a gap in the journal:\n%s", view)
	}
	cleanup()
	if _, err := os.Stat(journal.HeadPath(path)); !os.IsNotExist(err) {
		t.Errorf("the session sealed a head over the gap (%v)", err)
	}

	cmd := newRootCmd(envOf(map[string]string{"XDG_STATE_HOME": xdg}), "dev")
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs([]string{"journal", "verify", "--demo"})
	err = cmd.Execute()
	if code := exit.Of(err); code != 1 || !strings.Contains(out.String()+errText(err), gap) {
		t.Errorf("journal verify: exit %d, %q %v", code, out.String(), err)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
