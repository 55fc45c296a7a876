package journal

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// failingFile is the journal's file with a disk that fails: full (nothing
// written) or short (half a record written, then an error).
type failingFile struct {
	*os.File
	mode string
}

func (f *failingFile) Write(b []byte) (int, error) {
	switch f.mode {
	case "full":
		return 0, syscall.ENOSPC
	case "short":
		n, _ := f.File.Write(b[:len(b)/2])
		return n, syscall.ENOSPC
	}
	return f.File.Write(b)
}

// TestAFailedWriteLeavesTheJournalWhole: with the disk full, or a write
// cut short, the request is refused and nothing is sent; afterwards the
// journal verifies, and the next action is journaled and sent. A second
// session cannot open the journal while the first holds it.
func TestAFailedWriteLeavesTheJournalWhole(t *testing.T) {
	for _, mode := range []string{"full", "short"} {
		t.Run(mode, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "journal.jsonl")
			j, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			defer j.Close()
			sim := simtest.Tenant(t, simtenant.Options{SignIns: 60})
			c := simtest.Client(t, sim, graph.Options{Recorder: j})
			ids := simtest.AtRisk(sim, 2)
			send := func(id string) graph.BatchResult {
				var out graph.BatchResult
				c.Dispatch(t.Context(), simtest.Verdict("confirmSafe"), []string{id}, func(r graph.BatchResult) { out = r })
				return out
			}
			if r := send(ids[0]); r.Outcome != graph.Accepted {
				t.Fatalf("first: %+v", r)
			}
			disk := &failingFile{File: j.f.(*os.File), mode: mode}
			j.f = disk
			r := send(ids[1])
			var e *graph.Error
			if r.Outcome != graph.NotSent || !errors.As(r.Err, &e) || e.Kind != graph.KindJournal {
				t.Fatalf("with the disk %s: %+v", mode, r)
			}
			if n := len(sim.ActionRequests()); n != 1 {
				t.Fatalf("%d requests sent, want only the first", n)
			}
			if report, err := VerifyReport(path); err != nil {
				t.Fatalf("after the failed write: %v", err)
			} else if !strings.Contains(report, "2 records") || strings.Contains(report, "no outcome") {
				t.Errorf("report %q", report)
			}
			disk.mode = "" // the disk has room again
			if r := send(ids[1]); r.Outcome != graph.Accepted {
				t.Fatalf("after the disk recovered: %+v", r)
			}
			if n, err := Verify(path); err != nil || n != 4 {
				t.Fatalf("journal: %d records, %v", n, err)
			}
			if _, err := Open(path); err == nil || !strings.Contains(err.Error(), "in use by another signin-triage") {
				t.Errorf("a second session on the same journal: %v", err)
			}
			j.Close()
			if next, err := Open(path); err != nil {
				t.Errorf("the next start: %v", err)
			} else {
				next.Close()
			}
		})
	}
}

// TestVerifyCatchesRecordsCutOffTheEnd: the chain alone verifies a
// journal cut short; the head does not. A head one record behind (a crash
// between the two writes) is accepted and sealed again. Verify names the
// requests that have no outcome.
func TestVerifyCatchesRecordsCutOffTheEnd(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := range 8 {
		kind := Intent
		if i%2 == 1 {
			kind = Outcome
		}
		if _, err := j.Append(Record{Kind: kind, Request: "r" + string(rune('a'+i/2)), Action: "confirmSafe", IDs: []string{"x"}, Outcome: "accepted"}); err != nil {
			t.Fatal(err)
		}
	}
	j.Close()
	whole, _ := os.ReadFile(path)
	lines := strings.SplitAfter(string(whole), "\n")

	os.WriteFile(path, []byte(strings.Join(lines[:4], "")), 0o600)
	if _, err := Verify(path); err == nil || !strings.Contains(err.Error(), "removed from the end") {
		t.Errorf("4 of 8 records: %v", err)
	}

	os.WriteFile(path, whole, 0o600)
	head, _ := os.ReadFile(HeadPath(path))
	os.WriteFile(path, []byte(strings.Join(lines[:7], "")), 0o600) // the journal as it was one record ago
	writeHead(path, head7(t, path))
	os.WriteFile(path, whole, 0o600) // ...and the eighth record written, its head not
	if n, err := Verify(path); err != nil || n != 8 {
		t.Errorf("a head one record behind: %d, %v", n, err)
	}
	if now, _ := os.ReadFile(HeadPath(path)); string(now) == string(head) {
		t.Error("verify wrote the head: it must only read (evidence on read-only media)")
	}
	if j, err := Open(path); err != nil {
		t.Errorf("the next start: %v", err)
	} else {
		j.Close()
	}
	if now, _ := os.ReadFile(HeadPath(path)); string(now) != string(head) {
		t.Errorf("the next start did not seal the head again: %s, want %s", now, head)
	}

	os.WriteFile(path, []byte(strings.Join(lines[:7], "")), 0o600)
	writeHead(path, head7(t, path))
	report, err := VerifyReport(path)
	if err != nil || !strings.Contains(report, "1 request has no outcome") || !strings.Contains(report, "confirmSafe") {
		t.Errorf("an intent without outcome: %q, %v", report, err)
	}
}

// head7 is the head of the first 7 records of the journal at path.
func head7(t *testing.T, path string) head {
	recs, err := ReadFile(path)
	if err != nil || len(recs) != 7 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	return head{Count: 7, Last: recs[6].Hash}
}

// brokenDisk fails every write, and the cut that should undo it.
type brokenDisk struct{ failingFile }

func (b *brokenDisk) Truncate(int64) error { return syscall.EIO }

// TestAJournalThatCannotCutStops: when a half-written record cannot be cut
// off again, nothing more is appended, even once the disk works.
func TestAJournalThatCannotCutStops(t *testing.T) {
	j, err := Open(filepath.Join(t.TempDir(), "journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	disk := &brokenDisk{failingFile{File: j.f.(*os.File), mode: "short"}}
	j.f = disk
	if _, err := j.Append(Record{Kind: Intent, Action: "confirmSafe"}); err == nil {
		t.Fatal("a short write reported success")
	}
	disk.mode = ""
	if _, err := j.Append(Record{Kind: Intent, Action: "confirmSafe"}); err == nil || !strings.Contains(err.Error(), "move the journal aside") {
		t.Errorf("an append after a failed cut: %v", err)
	}
}
