package export_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"unicode"

	"github.com/signin-triage/signin-triage/graph/export"
	"github.com/signin-triage/signin-triage/graph/sanitize"
)

// TestExportsAreInert: an ID kept as Graph sent it and a session's note
// carry a right-to-left override, zero-width characters, a C1 control and
// a tag character. Neither the CSV nor the JSON holds any of them raw; the
// CSV shows their code points, formulas stay defused, and the JSON
// decodes to exactly what was written.
func TestExportsAreInert(t *testing.T) {
	note := "=INC-7 \u202e1gnp.exe\u200b ok\u2066\u2069\u0085\u009b2J\U000e0041 \u00e9t\u00e9"
	rec := export.Record{ID: "zw\u200bsp-A", UserDisplayName: "Ada\u034f\u3164", SessionNote: note, SessionVerdict: "dismiss"}
	for _, f := range []export.Format{export.CSV, export.JSON} {
		var buf bytes.Buffer
		w, err := export.NewWriter(&buf, f)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteRecord(rec); err != nil {
			t.Fatal(err)
		}
		w.Close()
		out := buf.String()
		for i, r := range out {
			if (unicode.IsControl(r) && r != '\n' && r != '\r') || sanitize.IsInvisible(r) {
				t.Errorf("%s: %U at byte %d:\n%q", f, r, i, out)
				break
			}
		}
		switch f {
		case export.CSV:
			for _, want := range []string{`zw\u200bsp-A`, `'=INC-7 \u202e1gnp.exe\u200b ok\u2066\u2069\u0085\u009b2J\U000e0041 été`} {
				if !strings.Contains(out, want) {
					t.Errorf("CSV lacks %s:\n%s", want, out)
				}
			}
		case export.JSON:
			var back []export.Record
			if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
				t.Fatal(err)
			}
			if len(back) != 1 || back[0].SessionNote != note || back[0].ID != rec.ID || back[0].UserDisplayName != rec.UserDisplayName {
				t.Errorf("JSON did not keep the note and the ID exactly: %+v", back)
			}
		}
	}
}
