package journal

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
)

// TestAGapAtTheEndIsShownAndOnlyResealed: 4 of 8 records cut off, the head
// deleted, emptied, {} or an older one: verify cannot show the end is
// whole; a session says so, refuses actions and leaves the head as it was;
// reseal records the gap and verify passes again.
func TestAGapAtTheEndIsShownAndOnlyResealed(t *testing.T) {
	for name, headOf := range map[string]func(older []byte) ([]byte, bool){
		"deleted": func([]byte) ([]byte, bool) { return nil, false },
		"emptied": func([]byte) ([]byte, bool) { return []byte{}, true },
		"{}":      func([]byte) ([]byte, bool) { return []byte("{}"), true },
		"older":   func(older []byte) ([]byte, bool) { return older, true },
		"foreign": func([]byte) ([]byte, bool) { return foreignHead(t, 4), true },
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "journal.jsonl")
			j, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			var older []byte
			for i := range 8 {
				j.Append(Record{Kind: Intent, Action: "dismiss", IDs: []string{"x"}})
				if i == 1 {
					older, _ = os.ReadFile(HeadPath(path))
				}
			}
			j.Close()
			b, _ := os.ReadFile(path)
			lines := strings.SplitAfter(string(b), "\n")
			os.WriteFile(path, []byte(strings.Join(lines[:4], "")), 0o600)
			os.Remove(HeadPath(path))
			if h, ok := headOf(older); ok {
				os.WriteFile(HeadPath(path), h, 0o600)
			}
			if _, err := VerifyReport(path); err == nil || !strings.Contains(err.Error(), "cannot show that nothing was cut off the end") {
				t.Fatalf("verify: %v", err)
			}
			headBefore, _ := os.ReadFile(HeadPath(path))
			s, notices, err := OpenSession(path, Where{Tenant: "contoso"})
			if err != nil {
				t.Fatal(err)
			}
			_, ierr := s.Intent(graph.Verdict{Name: "dismiss"}, []string{"y"}, nil, "")
			s.Close()
			if len(notices) == 0 || !strings.Contains(notices[len(notices)-1], "cannot show that nothing was cut off the end") {
				t.Errorf("notices %q", notices)
			}
			if ierr == nil || !strings.Contains(ierr.Error(), "signin-triage journal reseal") {
				t.Errorf("an action during the gap: %v", ierr)
			}
			if headAfter, _ := os.ReadFile(HeadPath(path)); !bytes.Equal(headAfter, headBefore) {
				t.Errorf("the session sealed the head over the gap: %q, was %q", headAfter, headBefore)
			}
			if _, err := Reseal(path); err != nil {
				t.Fatal(err)
			}
			if report, err := VerifyReport(path); err != nil || !strings.Contains(report, "5 records") || !strings.Contains(report, "Record 5 resealed the head over a gap") {
				t.Fatalf("after reseal: %q, %v", report, err)
			}
			if recs, _ := ReadFile(path); recs[4].Kind != Resealed || recs[4].Found == "" {
				t.Errorf("the reseal record: %+v", recs[4])
			}
		})
	}
}

// foreignHead is the head of another journal of n records: the count
// matches a journal cut to n, the hash does not.
func foreignHead(t *testing.T, n int) []byte {
	path := filepath.Join(t.TempDir(), "other.jsonl")
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for range n {
		j.Append(Record{Kind: Intent, Action: "confirmSafe", IDs: []string{"z"}})
	}
	j.Close()
	head, err := os.ReadFile(HeadPath(path))
	if err != nil {
		t.Fatal(err)
	}
	return head
}

// TestARecordTheHeadDoesNotSealIsNamed: the head may lag by one record (a
// crash between the record and its head), so a record added at the end
// by hand still verifies; verify then names it, rather than saying nothing
// was edited, and the next session says so before sealing it.
func TestARecordTheHeadDoesNotSealIsNamed(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for range 3 {
		j.Append(Record{Kind: Intent, Action: "dismiss", IDs: []string{"x"}})
	}
	sealed3, _ := os.ReadFile(HeadPath(path))
	j.Append(Record{Kind: Outcome, Request: "r1", Action: "confirmSafe", IDs: []string{"forged"}, Outcome: "accepted"})
	j.Close()
	os.WriteFile(HeadPath(path), sealed3, 0o600)

	report, err := VerifyReport(path)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(report, "Its head seals records 1 to 3") || !strings.Contains(report, "Record 4 is not sealed") ||
		!strings.Contains(report, "#4 outcome r1 confirmSafe") || strings.Contains(report, "none removed, edited or cut off the end") {
		t.Errorf("verify says %q", report)
	}
	// reseal, run first, records it rather than sealing it quietly.
	saved, _ := os.ReadFile(path)
	savedHead, _ := os.ReadFile(HeadPath(path))
	if said, err := Reseal(path); err != nil || !strings.Contains(said, "record 4 was not sealed by the head") {
		t.Errorf("reseal: %q, %v", said, err)
	}
	if report, _ := VerifyReport(path); !strings.Contains(report, "Record 5 resealed the head over a gap") {
		t.Errorf("verify after reseal: %q", report)
	}
	os.WriteFile(path, saved, 0o600)
	os.WriteFile(HeadPath(path), savedHead, 0o600)

	s, notices, err := OpenSession(path, Where{Tenant: "contoso"})
	if err != nil {
		t.Fatal(err)
	}
	s.Close()
	if len(notices) == 0 || !strings.Contains(notices[0], "last record, #4, was not sealed by its head") {
		t.Errorf("the session's notices: %q", notices)
	}
	if report, _ := VerifyReport(path); !strings.Contains(report, "none removed, edited or cut off the end") {
		t.Errorf("after the session sealed it: %q", report)
	}
}
