package journal_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// dispatchWithJournal sends ids through a client that records to a journal
// at path, against a simulated tenant.

// The standard verdicts the tests send.
var (
	confirmSafe        = simtest.Verdict("confirmSafe")
	confirmCompromised = simtest.Verdict("confirmCompromised")
)

func dispatchWithJournal(t *testing.T, path string, batch int) (*simtenant.Server, []string) {
	t.Helper()
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 80})
	j, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	j.Tenant, j.Cloud = "contoso.onmicrosoft.com", "global"
	j.Operator = func() string { return "analyst@contoso.com" }
	c := simtest.Client(t, sim, graph.Options{BatchSize: batch, Recorder: j})
	var ids []string
	for _, s := range sim.SignIns() {
		if s.RiskState == "atRisk" && len(ids) < 5 {
			ids = append(ids, s.ID)
		}
	}
	c.Dispatch(context.Background(), confirmSafe, ids, func(graph.BatchResult) {})
	return sim, ids
}

func TestJournalRecordsIntentThenOutcome(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state", "journal.jsonl")
	_, ids := dispatchWithJournal(t, path, 2)
	recs, err := journal.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if len(recs) != 6 {
		t.Fatalf("%d records, want an intent and an outcome for each of 3 requests", len(recs))
	}
	var sent []string
	for i := 0; i < len(recs); i += 2 {
		in, out := recs[i], recs[i+1]
		if in.Kind != journal.Intent || out.Kind != journal.Outcome || out.Request != in.Request || out.Status != 204 ||
			out.Outcome != "accepted" || out.GraphID == "" || in.Operator != "analyst@contoso.com" || in.Cloud != "global" {
			t.Errorf("records %d and %d: %+v / %+v", i+1, i+2, in, out)
		}
		sent = append(sent, in.IDs...)
	}
	if strings.Join(sent, ",") != strings.Join(ids, ",") {
		t.Errorf("journal holds %v, sent %v", sent, ids)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o600 {
		t.Errorf("journal mode %v, want 0600", info.Mode().Perm())
	}
	if n, err := journal.Verify(path); err != nil || n != 6 {
		t.Fatalf("Verify: %d, %v", n, err)
	}
	if len(journal.Pending(recs)) != 0 {
		t.Error("completed requests are pending")
	}
}

// TestJournalCrashBetweenIntentAndOutcome: an intent without an outcome
// (the program died while the request was out) is found at the next open.
func TestJournalCrashBetweenIntentAndOutcome(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Intent(confirmCompromised, []string{"a", "b"}, nil, ""); err != nil {
		t.Fatal(err)
	}
	j.Close() // no outcome: the process "died"
	again, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer again.Close()
	recs, _ := journal.ReadFile(path)
	pending := journal.Pending(recs)
	if len(pending) != 1 || pending[0].Action != "confirmCompromised" || strings.Join(pending[0].IDs, ",") != "a,b" {
		t.Fatalf("pending %+v", pending)
	}
}

// TestJournalVerifyNamesTheBrokenLine: deleting or editing one line makes
// Verify fail and name it.
func TestJournalVerifyNamesTheBrokenLine(t *testing.T) {
	for name, tamper := range map[string]func([]string) []string{
		"deleted line 3": func(l []string) []string { return append(l[:2:2], l[3:]...) },
		"edited line 3":  func(l []string) []string { l[2] = strings.Replace(l[2], `"confirmSafe"`, `"dismiss"`, 1); return l },
		"edited IDs":     func(l []string) []string { l[2] = strings.Replace(l[2], `"ids":["`, `"ids":["x`, 1); return l },
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "journal.jsonl")
			dispatchWithJournal(t, path, 2)
			data, _ := os.ReadFile(path)
			lines := strings.Split(strings.TrimSpace(string(data)), "\n")
			os.WriteFile(path, []byte(strings.Join(tamper(lines), "\n")+"\n"), 0o600)
			_, err := journal.Verify(path)
			if err == nil || !strings.Contains(err.Error(), "line 3") {
				t.Fatalf("Verify after %s: %v", name, err)
			}
			if _, err := journal.Open(path); err == nil || !strings.Contains(err.Error(), "does not verify") {
				t.Fatalf("Open of a broken journal: %v", err)
			}
		})
	}
}

// TestNothingGoesOutUnrecorded: if the journal cannot write, nothing is
// sent.
func TestNothingGoesOutUnrecorded(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.jsonl")
	j, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	j.Close() // writes now fail
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 20})
	c := simtest.Client(t, sim, graph.Options{Recorder: j})
	var results []graph.BatchResult
	c.Dispatch(context.Background(), confirmSafe, []string{"x"}, func(r graph.BatchResult) { results = append(results, r) })
	if len(sim.ActionRequests()) != 0 || results[0].Outcome != graph.NotSent || results[0].Err.Kind != graph.KindJournal {
		t.Fatalf("results %+v, %d requests", results, len(sim.ActionRequests()))
	}
}
