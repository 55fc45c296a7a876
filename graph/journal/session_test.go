package journal

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestOpenSessionReportsAPendingRequestOnce: an intent with no outcome is
// reported at the next start, with its IDs, and not at the one after.
func TestOpenSessionReportsAPendingRequestOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Append(Record{Kind: Intent, Action: "confirmSafe", IDs: []string{"a", "b"}}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	where := Where{Tenant: "contoso", Cloud: "global", Operator: func() string { return "analyst@contoso.com" }}
	j, notices, err := OpenSession(path, where)
	if err != nil {
		t.Fatal(err)
	}
	j.Close()
	if len(notices) != 1 || !strings.Contains(notices[0], "confirmSafe for 2 sign-ins") || !strings.Contains(notices[0], "a, b") {
		t.Fatalf("notices %q", notices)
	}
	j, notices, err = OpenSession(path, where)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	if len(notices) != 0 {
		t.Errorf("reported again: %q", notices)
	}
	recs, _ := ReadFile(path)
	last := recs[len(recs)-1]
	if line := last.Line(); !strings.Contains(line, "outcome") || !strings.Contains(line, "→ unknown: no outcome recorded") {
		t.Errorf("the recorded outcome reads %q", line)
	}
	if PathIn("", false) != "" || PathIn("/s", true) == PathIn("/s", false) {
		t.Error("the demo must keep a journal of its own, and no directory none")
	}
}
