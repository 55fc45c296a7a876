package export_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/export"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

var testNow = simtest.Now()

// listed lists every sign-in of a simulated tenant through the real client,
// so every field comes from Graph's JSON the way it does in use.
func listed(t *testing.T, n int, extra ...simtenant.SignIn) []graph.SignIn {
	t.Helper()
	sim := simtest.Tenant(t, simtenant.Options{SignIns: n, Seed: 4})
	sim.Add(extra...)
	all, _ := simtest.ListAll(t, simtest.Client(t, sim, graph.Options{}), graph.Query{PageSize: 999})
	return all
}

func formulaSignIn() simtenant.SignIn {
	reason := "-2+3"
	return simtenant.SignIn{
		ID: "0f0f0f0f-0000-4000-8000-000000000001", CreatedDateTime: testNow.Add(-time.Second),
		UserDisplayName: `=HYPERLINK("http://evil.example","click")`, UserPrincipalName: "@evil@contoso.com",
		AppDisplayName: "+cmd|' /C calc'!A0", IPAddress: "'quoted", IsInteractive: true, RiskState: "atRisk",
		RiskLevelAggregated: "high", RiskLevelDuringSignIn: "high", RiskDetail: "none", ConditionalAccessStatus: "failure",
		RiskEventTypesV2: []string{"a,b", `quote"d`}, Status: simtenant.Status{ErrorCode: 50126, FailureReason: &reason},
		Location: simtenant.Location{City: "Line\nBreak", CountryOrRegion: "ZZ"},
	}
}

// TestRoundTrip10k: 10,000 sign-ins written as CSV and as JSON read back
// with every field equal.
func TestRoundTrip10k(t *testing.T) {
	all := listed(t, 10000, formulaSignIn())
	if len(all) != 10001 {
		t.Fatalf("listed %d", len(all))
	}
	for _, f := range []export.Format{export.CSV, export.JSON} {
		var buf bytes.Buffer
		w, err := export.NewWriter(&buf, f)
		if err != nil {
			t.Fatal(err)
		}
		for i := range all {
			if err := w.Write(&all[i]); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		var back []export.Record
		if f == export.CSV {
			back, err = export.ReadCSV(&buf)
		} else {
			back, err = export.ReadJSON(&buf)
		}
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		if len(back) != len(all) {
			t.Fatalf("%s: read back %d of %d", f, len(back), len(all))
		}
		for i := range all {
			want := export.FromSignIn(&all[i])
			if !reflect.DeepEqual(back[i], want) {
				t.Fatalf("%s: record %d differs:\n got %+v\nwant %+v", f, i, back[i], want)
			}
			if again := export.FromSignIn(ptr(back[i].SignIn())); !reflect.DeepEqual(again, want) {
				t.Fatalf("%s: record %d does not survive SignIn()", f, i)
			}
		}
	}
}

func ptr[T any](v T) *T { return &v }

// TestCSVDefusesFormulas: cells that a spreadsheet would run are quoted.
func TestCSVDefusesFormulas(t *testing.T) {
	all := listed(t, 1, formulaSignIn())
	var buf bytes.Buffer
	w, _ := export.NewWriter(&buf, export.CSV)
	for i := range all {
		w.Write(&all[i])
	}
	w.Close()
	for _, line := range strings.Split(buf.String(), "\n") {
		if !strings.Contains(line, "0f0f0f0f") {
			continue
		}
		for _, cell := range []string{`'=HYPERLINK`, `'@evil@contoso.com`, `'+cmd`, `'-2+3`, `''quoted`} {
			if !strings.Contains(line, cell) {
				t.Errorf("the CSV row lacks %q: %s", cell, line)
			}
		}
	}
}

func TestEmptyExports(t *testing.T) {
	for _, f := range []export.Format{export.CSV, export.JSON} {
		var buf bytes.Buffer
		w, _ := export.NewWriter(&buf, f)
		w.Close()
		var err error
		var back []export.Record
		if f == export.CSV {
			back, err = export.ReadCSV(&buf)
		} else {
			back, err = export.ReadJSON(&buf)
		}
		if err != nil || len(back) != 0 {
			t.Errorf("%s: %v %v", f, err, back)
		}
	}
	if _, err := export.ParseFormat("xml"); err == nil || !strings.Contains(err.Error(), "csv or json") {
		t.Errorf("ParseFormat: %v", err)
	}
}

// TestStream100kInBoundedMemory exports 10,000 and then 100,000 sign-ins
// from the simulated tenant, the way `signin-triage export` does, and
// measures what the export keeps alive from page to page: it must not grow
// with the number of sign-ins beyond the 8-byte hash of each ID it keeps
// so as never to write one twice (graph.Paging).
func TestStream100kInBoundedMemory(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("exports 110,000 sign-ins: too slow in -short or under -race")
	}
	small, _ := streamRetained(t, 10000)
	large, written := streamRetained(t, 100000)
	t.Logf("kept alive between pages: at most %.1f MB exporting 10,000 sign-ins, %.1f MB exporting 100,000 (%.0f MB of CSV written)", small, large, written)
	if large > small+8 {
		t.Errorf("exporting 100,000 sign-ins kept %.1f MB alive against %.1f MB for 10,000: the export holds more than a page", large, small)
	}
}

// measuring is a Lister that, before each page, collects garbage and notes
// how much the heap holds above base: what the export kept from the pages
// before.
type measuring struct {
	l    export.Lister
	base uint64
	max  uint64
}

func (m *measuring) ListPage(ctx context.Context, q graph.Query, next string) (graph.Page, error) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	if ms.HeapAlloc > m.base && ms.HeapAlloc-m.base > m.max {
		m.max = ms.HeapAlloc - m.base
	}
	return m.l.ListPage(ctx, q, next)
}

// streamRetained exports n sign-ins and returns the most the heap held
// between pages above what the simulated tenant holds, and the MB written.
func streamRetained(t *testing.T, n int) (retainedMB, writtenMB float64) {
	t.Helper()
	sim, err := simtenant.Start(simtenant.Options{SignIns: n, Now: testNow, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	c, err := graph.New(graph.Options{BaseURL: sim.URL()})
	if err != nil {
		t.Fatal(err)
	}
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	m := &measuring{l: c, base: ms.HeapAlloc}
	counter := &countingWriter{}
	got, err := export.Stream(context.Background(), m, graph.Query{PageSize: 999}, counter, export.CSV)
	if err != nil || got != n {
		t.Fatalf("exported %d of %d: %v", got, n, err)
	}
	return float64(m.max) / (1 << 20), float64(counter.n) / (1 << 20)
}

type countingWriter struct{ n int }

func (c *countingWriter) Write(p []byte) (int, error) { c.n += len(p); return len(p), nil }

// TestWriteFilesAllOrNone: a set of files is written whole under names
// never taken before (a second export in the same second gets "-2"), or,
// when one part fails, not at all: no file, no temporary, left behind.
func TestWriteFilesAllOrNone(t *testing.T) {
	dir := t.TempDir()
	ok := func(text string) export.Part {
		return export.Part{Ext: "." + text, Write: func(w io.Writer) error { _, err := io.WriteString(w, text); return err }}
	}
	first, err := export.WriteFiles(dir, "signin-triage-20261130-093000", []export.Part{ok("csv"), ok("json")})
	if err != nil || len(first) != 2 {
		t.Fatal(first, err)
	}
	second, err := export.WriteFiles(dir, "signin-triage-20261130-093000", []export.Part{ok("csv"), ok("json")})
	if err != nil || filepath.Base(second[0]) != "signin-triage-20261130-093000-2.csv" || !filepath.IsAbs(second[1]) {
		t.Fatalf("the second export of the second: %v, %v", second, err)
	}
	failing := export.Part{Ext: ".json", Write: func(io.Writer) error { return errors.New("disk full") }}
	if _, err := export.WriteFiles(dir, "broken", []export.Part{ok("csv"), failing}); err == nil || !strings.Contains(err.Error(), "no file of the export was kept") {
		t.Errorf("a failing part: %v", err)
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 4 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("the directory holds %v: want only the two sets", names)
	}
	target := filepath.Join(dir, "out.json")
	os.WriteFile(target, []byte("before"), 0o600)
	if err := export.WriteFileAtomic(target, failing.Write); err == nil {
		t.Error("a failing write reported success")
	}
	if b, _ := os.ReadFile(target); string(b) != "before" {
		t.Errorf("a failed atomic write changed the file to %q", b)
	}
}

// waitingWriter holds its first write until cond holds (or a few seconds
// pass), as a slow disk or pipe would.
type waitingWriter struct {
	bytes.Buffer
	cond   func() bool
	waited bool
	met    bool
}

func (w *waitingWriter) Write(p []byte) (int, error) {
	if !w.waited {
		w.waited = true
		for deadline := time.Now().Add(5 * time.Second); !w.met && time.Now().Before(deadline); {
			w.met = w.cond()
			time.Sleep(5 * time.Millisecond)
		}
	}
	return w.Buffer.Write(p)
}

// TestTheExportAsksForTheNextPageWhileItWrites: with the real client the
// export lists ahead: page 2 is asked for while page 1 is being written.
// Every sign-in is written once.
func TestTheExportAsksForTheNextPageWhileItWrites(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 300, Now: testNow})
	c := simtest.Client(t, sim, graph.Options{})
	w := &waitingWriter{cond: func() bool { return len(sim.Requests()) >= 2 }}
	n, err := export.Stream(context.Background(), c, graph.Query{PageSize: 100}, w, export.CSV)
	if err != nil || n != 300 {
		t.Fatalf("exported %d, %v", n, err)
	}
	if !w.met {
		t.Fatal("page 2 was not asked for while page 1 was written")
	}
	if lines := strings.Count(w.String(), "\n"); lines != 301 {
		t.Fatalf("%d lines, want a header and 300 sign-ins", lines)
	}
}
