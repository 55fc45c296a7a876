package cli

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph/export"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// TestExportCommandStreamsTheListing runs `signin-triage export --demo`
// through the command line and reads the CSV back.
func TestExportCommandStreamsTheListing(t *testing.T) {
	for _, format := range []string{"csv", "json"} {
		cmd := newRootCmd(envOf(map[string]string{"XDG_STATE_HOME": t.TempDir()}), "dev")
		var out, errOut bytes.Buffer
		cmd.SetOut(&out)
		cmd.SetErr(&errOut)
		cmd.SetArgs([]string{"export", "--demo", "--demo-signins", "120", "--format", format, "--since", "30d"})
		if err := cmd.Execute(); err != nil {
			t.Fatal(err)
		}
		var recs []export.Record
		var err error
		if format == "csv" {
			recs, err = export.ReadCSV(&out)
		} else {
			recs, err = export.ReadJSON(&out)
		}
		if err != nil || len(recs) == 0 {
			t.Fatalf("%s: %d records, %v", format, len(recs), err)
		}
		for _, r := range recs {
			if r.RiskState != "atRisk" {
				t.Fatalf("%s: the default query keeps atRisk, got %s", format, r.RiskState)
			}
		}
		if want := fmt.Sprintf("exported %d sign-ins (%s)", len(recs), format); !strings.Contains(errOut.String(), want) {
			t.Errorf("stderr %q lacks %q", errOut.String(), want)
		}
	}
}

// TestExportSaysWhatTheJournalLeftOpen: a request an earlier run left
// without an outcome is reported by the export command too, since opening
// the journal marks it reported.
func TestExportSaysWhatTheJournalLeftOpen(t *testing.T) {
	state := t.TempDir()
	path := journal.PathIn(filepath.Join(state, "signin-triage"), true)
	os.MkdirAll(filepath.Dir(path), 0o700)
	j, err := journal.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	j.Append(journal.Record{Kind: journal.Intent, Action: "confirmSafe", IDs: []string{"left-open"}})
	j.Close()
	cmd := newRootCmd(envOf(map[string]string{"XDG_STATE_HOME": state}), "dev")
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs([]string{"export", "--demo", "--demo-signins", "20"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(errOut.String(), "no recorded outcome") || !strings.Contains(errOut.String(), "left-open") {
		t.Errorf("stderr %q does not report the request left open", errOut.String())
	}
}

// TestResultFlagReachesTheTenant: --result success is sent to Graph as
// status/errorCode eq 0, and every sign-in exported succeeded.
func TestResultFlagReachesTheTenant(t *testing.T) {
	sim, err := simtenant.Start(simtenant.Options{SignIns: 120, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	cmd := newRootCmd(envOf(map[string]string{"XDG_STATE_HOME": t.TempDir()}), "dev")
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&bytes.Buffer{})
	cmd.SetArgs([]string{"export", "--auth", "none", "--graph-url", sim.URL(), "--result", "success", "--format", "json"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	reqs := sim.Requests()
	if len(reqs) == 0 || !strings.Contains(reqs[0].Filter, "status/errorCode eq 0") {
		t.Fatalf("the tenant received %+v", reqs)
	}
	recs, err := export.ReadJSON(&out)
	if err != nil || len(recs) == 0 {
		t.Fatalf("%d records, %v", len(recs), err)
	}
	for _, r := range recs {
		if r.StatusErrorCode == nil || *r.StatusErrorCode != 0 {
			t.Fatalf("exported a sign-in that did not succeed: %+v", r)
		}
	}
}

// TestExportOutputIsWholeOrAbsent: export --output writes the file whole;
// an export that stops early leaves no file, and one to stdout does not
// parse as a whole JSON document.
func TestExportOutputIsWholeOrAbsent(t *testing.T) {
	sim, err := simtenant.Start(simtenant.Options{SignIns: 300})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	dir := t.TempDir()
	exportTo := func(args ...string) (string, error) {
		cmd := newRootCmd(envOf(map[string]string{"XDG_STATE_HOME": t.TempDir()}), "dev")
		var out bytes.Buffer
		cmd.SetOut(&out)
		cmd.SetErr(&bytes.Buffer{})
		cmd.SetArgs(append([]string{"export", "--auth", "none", "--graph-url", sim.URL(), "--format", "json", "--page-size", "20"}, args...))
		err := cmd.Execute()
		return out.String(), err
	}
	whole := filepath.Join(dir, "whole.json")
	if _, err := exportTo("--output", whole); err != nil {
		t.Fatal(err)
	}
	if f, err := os.Open(whole); err != nil {
		t.Fatal(err)
	} else if recs, err := export.ReadJSON(f); err != nil || len(recs) == 0 {
		t.Errorf("the whole export reads back %d records, %v", len(recs), err)
	}
	sim.InjectFault(simtenant.Fault{Action: "list", Page: 2, Status: 400, Code: "BadRequest", Message: "no"})
	cut := filepath.Join(dir, "cut.json")
	if _, err := exportTo("--output", cut); err == nil || !strings.Contains(err.Error(), "was not written") {
		t.Errorf("an export that stopped: %v", err)
	}
	if _, err := os.Stat(cut); !os.IsNotExist(err) {
		t.Errorf("an export that stopped left %s", cut)
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 1 {
		t.Errorf("temporaries left behind: %d entries", len(entries))
	}
	sim.InjectFault(simtenant.Fault{Action: "list", Page: 2, Status: 400, Code: "BadRequest", Message: "no"})
	out, err := exportTo()
	if _, rerr := export.ReadJSON(strings.NewReader(out)); err == nil || rerr == nil {
		t.Errorf("an export to stdout that stopped reads as whole: %v, %v", err, rerr)
	}
}
