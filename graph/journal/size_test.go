package journal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
)

// TestAnOversizedRecordIsRefused: an intent of 40 IDs of 600,000
// characters (24 MB) is refused before anything is written; the journal
// still verifies, and the next append works.
func TestAnOversizedRecordIsRefused(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	j.Append(Record{Kind: Intent, Action: "dismiss", IDs: []string{"a"}})
	before, _ := os.ReadFile(path)
	ids := make([]string, 40)
	for i := range ids {
		ids[i] = strings.Repeat("x", 600_000)
	}
	if _, err := j.Intent(graph.Verdict{Name: "dismiss"}, ids, nil, ""); err == nil || !strings.Contains(err.Error(), "more than the") {
		t.Fatalf("a 24 MB intent: %v", err)
	}
	if after, _ := os.ReadFile(path); string(after) != string(before) {
		t.Error("the refused record was written")
	}
	if _, err := Verify(path); err != nil {
		t.Fatalf("after the refusal: %v", err)
	}
	if _, err := j.Intent(graph.Verdict{Name: "dismiss"}, []string{"b"}, nil, ""); err != nil {
		t.Fatalf("the next append: %v", err)
	}
	if n, err := Verify(path); err != nil || n != 2 {
		t.Fatalf("%d records, %v", n, err)
	}
}
