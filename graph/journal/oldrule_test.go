package journal

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestAnOldRuleJournalStillVerifiesAndSaysSo: testdata/old-rule.jsonl was
// written by the code of before the line rule; it verifies by the old rule
// and the report says so, and once appended to, says which lines are which.
func TestAnOldRuleJournalStillVerifiesAndSaysSo(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "journal.jsonl")
	for _, name := range []string{"old-rule.jsonl", "old-rule.jsonl.head"} {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		os.WriteFile(filepath.Join(dir, strings.Replace(name, "old-rule", "journal", 1)), b, 0o600)
	}
	report, err := VerifyReport(path)
	if err != nil || !strings.Contains(report, "4 records (all by the old rule") {
		t.Fatalf("old-rule journal: %q, %v", report, err)
	}
	j, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	j.Append(Record{Kind: Intent, Action: "dismiss", IDs: []string{"x"}})
	j.Close()
	report, err = VerifyReport(path)
	if err != nil || !strings.Contains(report, "lines 1-4 by the old rule") || !strings.Contains(report, "lines 5-5 hashed as written") {
		t.Fatalf("mixed journal: %q, %v", report, err)
	}
}

// TestEveryByteOfALineIsHashed: an added field, a renamed key or changed
// spacing on line 3 fails verify, naming line 3.
func TestEveryByteOfALineIsHashed(t *testing.T) {
	for name, edit := range map[string]func(string) string{
		"added field": func(l string) string { return strings.Replace(l, `{"seq":3,`, `{"seq":3,"approvedBy":"CISO",`, 1) },
		"renamed key": func(l string) string { return strings.Replace(l, `"note":`, `"Note":`, 1) },
		"spacing":     func(l string) string { return strings.Replace(l, `"seq":3,`, `"seq": 3,`, 1) },
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "journal.jsonl")
			j, err := Open(path)
			if err != nil {
				t.Fatal(err)
			}
			for range 4 {
				j.Append(Record{Kind: Intent, Action: "dismiss", IDs: []string{"x"}, Note: "n"})
			}
			j.Close()
			b, _ := os.ReadFile(path)
			lines := strings.SplitAfter(string(b), "\n")
			lines[2] = edit(lines[2])
			os.WriteFile(path, []byte(strings.Join(lines, "")), 0o600)
			if _, err := Verify(path); err == nil || !strings.Contains(err.Error(), "line 3") {
				t.Fatalf("after %s: %v", name, err)
			}
		})
	}
}
