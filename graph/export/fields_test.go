package export

import (
	"bytes"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

// notColumns are the Record fields that are deliberately not exported as a
// column of their own. None today: a field added to Record must be added
// to fields() or named here, with the reason.
var notColumns = []string{}

// TestEveryRecordFieldIsAColumn: each field of Record is in the field
// table under its JSON name, or named in notColumns; the table names no
// field Record lacks, and none twice.
func TestEveryRecordFieldIsAColumn(t *testing.T) {
	names := columns()
	rt := reflect.TypeFor[Record]()
	var tags []string
	for f := range rt.Fields() {
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == "" {
			t.Errorf("Record.%s has no JSON name", f.Name)
			continue
		}
		tags = append(tags, tag)
		if !slices.Contains(names, tag) && !slices.Contains(notColumns, tag) {
			t.Errorf("Record.%s (%q) is neither a column nor in notColumns", f.Name, tag)
		}
	}
	for i, n := range names {
		if !slices.Contains(tags, n) {
			t.Errorf("column %q is no field of Record", n)
		}
		if slices.Index(names, n) != i {
			t.Errorf("column %q is listed twice", n)
		}
	}
}

// sampleRecord sets every column to a value no zero Record has, through
// the column's own parser, so each column's writer and reader are used.
func sampleRecord(t *testing.T) Record {
	t.Helper()
	samples := map[string]string{
		"createdDateTime":                  "2026-11-27T11:59:58.1234567Z",
		"latitude":                         "51.5074",
		"longitude":                        "-0.1278",
		"isCompliant":                      "false",
		"isManaged":                        "true",
		"statusErrorCode":                  "50126",
		"appliedConditionalAccessPolicies": `[{"displayName":"Block legacy, \"all\"","result":"failure"}]`,
		"riskEventTypes":                   `["unlikelyTravel","a,b"]`,
		"isInteractive":                    "true",
		"sessionVerdictTime":               "2026-11-27T12:01:02Z",
	}
	var r Record
	for _, f := range fields() {
		v, ok := samples[f.name]
		if !ok {
			v = "=" + f.name + ` "quoted", ünïcode`
		}
		if err := f.parse(&r, v); err != nil {
			t.Fatalf("column %s: %v", f.name, err)
		}
	}
	// Every field differs from the zero value: nothing below can pass by
	// comparing zeros.
	rv := reflect.ValueOf(r)
	for i := range rv.NumField() {
		if rv.Field(i).IsZero() {
			t.Fatalf("the sample leaves Record.%s zero", rv.Type().Field(i).Name)
		}
	}
	return r
}

// TestEveryColumnRoundTrips: a record with every column set comes back
// equal from CSV and from JSON.
func TestEveryColumnRoundTrips(t *testing.T) {
	want := sampleRecord(t)
	// A sign-in carries every column but what the session decided.
	graphOnly := want
	graphOnly.SessionVerdict, graphOnly.SessionTime, graphOnly.SessionRequestID, graphOnly.SessionNote = "", nil, "", ""
	s := graphOnly.SignIn()
	if back := FromSignIn(&s); !reflect.DeepEqual(back, graphOnly) {
		t.Errorf("a record through SignIn and back:\n%+v\nwant\n%+v", back, graphOnly)
	}
	for _, format := range []Format{CSV, JSON} {
		var buf bytes.Buffer
		w, err := NewWriter(&buf, format)
		if err != nil {
			t.Fatal(err)
		}
		if err := w.WriteRecord(want); err != nil {
			t.Fatal(err)
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		read := ReadCSV
		if format == JSON {
			read = ReadJSON
		}
		back, err := read(&buf)
		if err != nil {
			t.Fatalf("%s: %v", format, err)
		}
		if len(back) != 1 {
			t.Fatalf("%s: %d records", format, len(back))
		}
		for _, f := range fields() {
			if got, w := f.cell(&back[0]), f.cell(&want); got != w {
				t.Errorf("%s column %s: %q, want %q", format, f.name, got, w)
			}
		}
		if !back[0].CreatedDateTime.Equal(want.CreatedDateTime) || back[0].CreatedDateTime.Location() != time.UTC {
			t.Errorf("%s: time %v", format, back[0].CreatedDateTime)
		}
	}
}
