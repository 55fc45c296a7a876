package ui

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// openExported opens the one file an export wrote in dir under pattern;
// it is closed when the test ends.
func openExported(t *testing.T, dir, pattern string) *os.File {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, pattern))
	if len(files) != 1 {
		t.Fatalf("the export wrote %v, want one %s", files, pattern)
	}
	f, err := os.Open(files[0])
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// TestACompromiseSaysWhatRemains: confirming sign-ins compromised says,
// in the dialog, the status pane, the journal view, the record at exit
// and an export, that each user's password and sessions are still to deal
// with, and names the users.
func TestACompromiseSaysWhatRemains(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 80}, 0)
	dir := t.TempDir()
	m := New(Config{Graph: e.client, Query: graph.DefaultQuery(testNow), Source: "test", ExportDir: dir,
		Now: func() time.Time { return testNow }})
	h := newHarness(t, m, 160, 50)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	// Two sign-ins of two different users.
	h.press(keys.Top, keys.Toggle)
	first := h.rowAt(0)
	for i := 1; i < h.shownLen(); i++ {
		if h.rowAt(i).UserKey() != first.UserKey() {
			h.press(keys.Top)
			for range i {
				h.press(keys.Down)
			}
			h.press(keys.Toggle)
			break
		}
	}
	h.press(compromisedKey)
	if !strings.Contains(h.prose(), "This resets no password and revokes no session: do both for each user.") {
		t.Fatalf("the dialog does not say what remains:\n%s", h.screen())
	}
	h.press(keys.Yes)
	h.waitFor("the dispatch", func() bool { return !h.sending() })
	h.settle()
	if !strings.Contains(h.prose(), "Still to do for 2 users") {
		t.Errorf("the status pane does not say what remains:\n%s", h.screen())
	}
	h.press(keys.RequestLog)
	if !strings.Contains(h.prose(), "To follow up") || !strings.Contains(h.prose(), first.UPN) {
		t.Errorf("the journal view does not list the users:\n%s", h.screen())
	}
	h.press(keys.Back, keys.Export, keys.ExportFollowUp)
	h.settle()
	rows, err := csv.NewReader(openExported(t, dir, "signin-triage-follow-up-*.csv")).ReadAll()
	if err != nil || len(rows) != 3 || rows[0][0] != "user" || rows[0][3] != "revokeSignInSessions" || rows[1][3] != "not done" || rows[1][4] != "not done" {
		t.Fatalf("the follow-up CSV: %v %v", rows, err)
	}
	record := strings.Join(h.m.Record(), "\n")
	if !strings.Contains(record, "To follow up, 2 users") || !strings.Contains(record, first.UPN) {
		t.Errorf("the record at exit:\n%s", record)
	}
}
