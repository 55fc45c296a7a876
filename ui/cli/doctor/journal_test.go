package doctor_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
	"github.com/signin-triage/signin-triage/ui/cli/doctor"
)

// leftOpen writes a journal at path holding one request with no outcome,
// as a run killed in flight leaves it, and returns what it holds: the
// journal's bytes, and its head's.
func leftOpen(t *testing.T, path string, ids ...string) (body, head []byte) {
	t.Helper()
	os.MkdirAll(filepath.Dir(path), 0o700)
	j, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := j.Append(journal.Record{Kind: journal.Intent, Action: "confirmSafe", IDs: ids}); err != nil {
		t.Fatal(err)
	}
	j.Close()
	return files(t, path)
}

func files(t *testing.T, path string) (body, head []byte) {
	t.Helper()
	body, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	head, _ = os.ReadFile(journal.HeadPath(path))
	return body, head
}

// TestDoctorReadsTheJournalAndWritesNothing: the doctor says the journal
// verifies and lists the request an earlier run left open, with its IDs
// and without the escape sequences they carry, and the journal and its
// head are byte for byte what they were. A journal that does not verify
// is a failed check: no verdict would be sent.
func TestDoctorReadsTheJournalAndWritesNothing(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 50})
	c := simtest.Client(t, sim, graph.Options{})
	path := filepath.Join(t.TempDir(), "journal.jsonl")
	body, head := leftOpen(t, path, "left-open-1", "left-open-2\x1b]0;pwned\x07")
	var out bytes.Buffer
	status := doctor.Run(context.Background(), c, doctor.Setup{Who: "test", Query: graph.DefaultQuery(simtest.Now()), Journal: path}, &out)
	if status != 0 || !strings.Contains(out.String(), "✓ the action journal (read only): "+path+" verifies, 1 records") ||
		!strings.Contains(out.String(), "left-open-1, left-open-2") || strings.Contains(out.String(), "\x1b") {
		t.Errorf("exit %d:\n%s", status, out.String())
	}
	if b, h := files(t, path); !bytes.Equal(b, body) || !bytes.Equal(h, head) {
		t.Errorf("the doctor wrote to the journal:\n%s\nhead %s, was %s", b, h, head)
	}

	os.WriteFile(path, append(body, []byte(`{"seq":2}`+"\n")...), 0o600)
	out.Reset()
	status = doctor.Run(context.Background(), c, doctor.Setup{Who: "test", Query: graph.DefaultQuery(simtest.Now()), Journal: path}, &out)
	if status != 1 || !strings.Contains(out.String(), "✗ the action journal (read only): "+path+" does not verify") {
		t.Errorf("a journal that does not verify: exit %d:\n%s", status, out.String())
	}
}
