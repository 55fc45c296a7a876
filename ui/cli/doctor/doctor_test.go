package doctor_test

import (
	"bytes"
	"context"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"unicode"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
	"github.com/signin-triage/signin-triage/ui/cli/doctor"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

func run(t *testing.T, opts simtenant.Options, fault *simtenant.Fault) (string, exit.Status) {
	t.Helper()
	sim := simtest.Tenant(t, opts)
	if fault != nil {
		sim.InjectFault(*fault)
	}
	c := simtest.Client(t, sim, graph.Options{})
	var out bytes.Buffer
	setup := doctor.Setup{Who: "test", Query: graph.DefaultQuery(simtest.Now()), Journal: filepath.Join(t.TempDir(), "journal.jsonl")}
	status := doctor.Run(context.Background(), c, setup, &out)
	for _, r := range sim.ActionRequests() {
		t.Errorf("the doctor sent a verdict: %s", r.Path)
	}
	return strings.Join(strings.Fields(out.String()), " "), status
}

// TestDoctor: against the default tenant everything works (exit 0);
// against one that refuses ne and the requestId filter it reports both,
// with the fallback the tool uses (exit 1); against a tenant without the
// licence it names the licence (exit 1).
func TestDoctor(t *testing.T) {
	out, status := run(t, simtenant.Options{SignIns: 200}, nil)
	if status != 0 || strings.Contains(out, "✗") || !strings.Contains(out, "✓ risk detections filtered on requestId (not documented): 200") {
		t.Errorf("the default tenant: exit %d\n%s", status, out)
	}
	out, status = run(t, simtenant.Options{SignIns: 200, RefuseErrorCodeNe: true, RefuseRequestIDFilter: true}, nil)
	for _, want := range []string{
		"✗ status/errorCode ne 0 (--result not-success; not documented): refused (400) → Graph refused the filter status/errorCode ne 0, so the sign-ins that succeeded are left out here",
		"✗ risk detections filtered on requestId (not documented): refused (400) → Graph refused filtering detections on requestId, so they were matched here",
		"✓ status/errorCode eq 0",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("a refusing tenant: the report lacks %q\n%s", want, out)
		}
	}
	if status != 1 {
		t.Errorf("a refusing tenant: exit %d", status)
	}
	out, status = run(t, simtenant.Options{SignIns: 50}, &simtenant.Fault{Action: "list", Status: 403,
		Code: "Authentication_RequestFromNonPremiumTenantOrB2CTenant", Message: "Neither tenant is B2C or tenant doesn't have premium license"})
	if status != 1 || !strings.Contains(out, "Entra ID P1 or P2") {
		t.Errorf("no licence: exit %d\n%s", status, out)
	}
}

// TestDoctorOutputIsInert: a nextLink whose $top carries OSC 0 (the
// window title), OSC 52 (the clipboard) and a right-to-left override puts
// no control or format character on stdout; the value shows escaped.
func TestDoctorOutputIsInert(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 200})
	hostile := "\x1b]0;pwned\x07\x1b]52;c;ZXZpbA==\x07\u202e5\u200b"
	sim.InjectFault(simtenant.Fault{Action: "list", Page: 1, NextLink: sim.URL() + "/auditLogs/signIns?$top=" + url.QueryEscape(hostile) + "&$skiptoken=x"})
	c := simtest.Client(t, sim, graph.Options{})
	var out bytes.Buffer
	doctor.Run(context.Background(), c, doctor.Setup{Who: "test", Query: graph.DefaultQuery(simtest.Now())}, &out)
	for i, r := range out.String() {
		if (unicode.IsControl(r) && r != '\n') || unicode.Is(unicode.Cf, r) {
			t.Fatalf("stdout holds %U at byte %d:\n%q", r, i, out.String())
		}
	}
	if want := `the nextLink asks for $top="\u001b]0;pwned\u0007\u001b]52;c;ZXZpbA==\u0007\u202e5`; !strings.Contains(out.String(), want) {
		t.Errorf("the report does not show the $top escaped (%s):\n%s", want, out.String())
	}
}

// TestDoctorReadsTheNamedLocations: the doctor reads the named locations
// and says how many; without Policy.Read.All it names the permission and
// exits 1.
func TestDoctorReadsTheNamedLocations(t *testing.T) {
	out, status := run(t, simtenant.Options{SignIns: 50}, nil)
	if status != 0 || !strings.Contains(out, "✓ named locations (Policy.Read.All): 200, 14 by IP (13 trusted), 1 by country") {
		t.Errorf("the default tenant: exit %d\n%s", status, out)
	}
	out, status = run(t, simtenant.Options{SignIns: 50, MissingPermissions: []string{simtenant.PermPolicyRead}}, nil)
	if status != 1 || !strings.Contains(out, "✗ named locations (Policy.Read.All): 403") || !strings.Contains(out, "it needs Policy.Read.All") {
		t.Errorf("without Policy.Read.All: exit %d\n%s", status, out)
	}
}
