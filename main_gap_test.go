package main

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
)

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

	cmd := newRootCmd(envOf(map[string]string{"XDG_STATE_HOME": xdg}))
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&out)
	cmd.SetArgs([]string{"journal", "verify", "--demo"})
	err = cmd.Execute()
	if code := exitCode(err); code != 1 || !strings.Contains(out.String()+errText(err), gap) {
		t.Errorf("journal verify: exit %d, %q %v", code, out.String(), err)
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
