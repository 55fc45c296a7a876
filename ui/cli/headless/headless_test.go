package headless_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
	"github.com/signin-triage/signin-triage/ui/cli/headless"
)

// TestSendBatchesPacesJournalsAndReports: 130 IDs at batch 60 go in 3
// requests (60, 60, 10), a second apart on the pacer's clock, each in the
// journal with the note, each a JSON line; exit 0.
func TestSendBatchesPacesJournalsAndReports(t *testing.T) {
	clock := simtest.NewStepClock(simtest.Now())
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 1000, Clock: clock.Now})
	j, err := journal.Open(filepath.Join(t.TempDir(), "journal.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer j.Close()
	c := simtest.Client(t, sim, graph.Options{BatchSize: 60, Pace: time.Second, Clock: clock, Recorder: j})
	ids := simtest.AtRisk(sim, 130)
	if len(ids) != 130 {
		t.Fatalf("the tenant has %d sign-ins at risk", len(ids))
	}
	var out, errOut bytes.Buffer
	status := headless.Send(context.Background(), c, simtest.Verdict("confirmCompromised"), ids, headless.Options{Note: "INC-4711"}, &out, &errOut)
	if status != exit.OK {
		t.Fatalf("exit %d: %s", status, errOut.String())
	}
	reqs := sim.ActionRequests()
	var sizes []int
	for i, r := range reqs {
		sizes = append(sizes, len(r.IDs))
		if i > 0 && r.At.Sub(reqs[i-1].At) < time.Second {
			t.Errorf("requests %d and %d %v apart", i, i+1, r.At.Sub(reqs[i-1].At))
		}
	}
	if !slices.Equal(sizes, []int{60, 60, 10}) {
		t.Errorf("batches %v, want 60, 60, 10", sizes)
	}
	noted := 0
	for _, r := range j.Session() {
		if r.Kind == journal.Intent && r.Note == "INC-4711" {
			noted++
		}
	}
	var lines []map[string]any
	sc := bufio.NewScanner(&out)
	for sc.Scan() {
		var l map[string]any
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			t.Fatalf("a line that is not JSON: %q", sc.Text())
		}
		lines = append(lines, l)
	}
	if noted != 3 || len(lines) != 3 || lines[2]["outcome"] != "accepted" || lines[0]["note"] != "INC-4711" || lines[0]["requestId"] == "" {
		t.Errorf("%d noted intents, lines %v", noted, lines)
	}
}

// TestSendRefusesOrRehearses: a dry run sends nothing and says what it
// would; a read-only session sends nothing and exits 2.
func TestSendRefusesOrRehearses(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 200})
	ids := simtest.AtRisk(sim, 5)
	var out, errOut bytes.Buffer
	dry := simtest.Client(t, sim, graph.Options{DryRun: true})
	if status := headless.Send(context.Background(), dry, simtest.Verdict("confirmSafe"), ids, headless.Options{}, &out, &errOut); status != exit.OK || !strings.Contains(out.String(), `"outcome":"dry run"`) {
		t.Errorf("dry run: exit %d, %s", status, out.String())
	}
	ro := simtest.Client(t, sim, graph.Options{ReadOnly: true})
	if status := headless.Send(context.Background(), ro, simtest.Verdict("confirmSafe"), ids, headless.Options{}, &out, &errOut); status != exit.Usage {
		t.Errorf("read-only: exit %d", status)
	}
	if n := len(sim.ActionRequests()); n != 0 {
		t.Errorf("%d requests sent", n)
	}
}

// TestSendKeepsTheGuard: sign-ins the journal remembers confirmed
// compromised are left out of confirm safe and reported;
// --include-decided --allow-reverse sends them.
func TestSendKeepsTheGuard(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 200})
	ids := simtest.AtRisk(sim, 4)
	memory := graph.NewMemory(map[string]string{ids[0]: "confirmCompromised", ids[1]: "confirmCompromised"})
	c := simtest.Client(t, sim, graph.Options{Memory: memory})
	var out, errOut bytes.Buffer
	headless.Send(context.Background(), c, simtest.Verdict("confirmSafe"), ids, headless.Options{}, &out, &errOut)
	if got := sim.ActionRequests()[0].IDs; !slices.Equal(got, ids[2:]) || !strings.Contains(errOut.String(), "left out, in conflict with an earlier verdict: 2 sign-ins: "+ids[0]) {
		t.Fatalf("sent %v; said %s", got, errOut.String())
	}
	headless.Send(context.Background(), c, simtest.Verdict("confirmSafe"), ids[:2], headless.Options{IncludeDecided: true}, &out, &errOut)
	if n := len(sim.ActionRequests()); n != 1 {
		t.Fatalf("--include-decided alone sent a reversal (%d requests)", n)
	}
	headless.Send(context.Background(), c, simtest.Verdict("confirmSafe"), ids[:2], headless.Options{IncludeDecided: true, AllowReverse: true}, &out, &errOut)
	if reqs := sim.ActionRequests(); len(reqs) != 2 || !slices.Equal(reqs[1].IDs, ids[:2]) {
		t.Errorf("--include-decided --allow-reverse: %v", reqs)
	}
}

func TestReadIDs(t *testing.T) {
	const a, b = "66ea54eb-6301-4ee5-be62-ff5a759b0100", "d79f5bee-5860-4832-928f-3133e22ae912"
	for input, want := range map[string][]string{
		a + "\n\n# a comment\n" + b + "\n" + a + "\n": {a, b},
		`["` + a + `", "` + b + `", "` + b + `"]`:     {a, b},
	} {
		if got, err := headless.ReadIDs(strings.NewReader(input)); err != nil || !slices.Equal(got, want) {
			t.Errorf("%q: %v, %v", input, got, err)
		}
	}
	for _, bad := range []string{a + "\nnot-an-id\n", `["` + a + `", 5]`, "\n", a + "\x1b[2J"} {
		if _, err := headless.ReadIDs(strings.NewReader(bad)); err == nil {
			t.Errorf("%q was accepted", bad)
		}
	}
}

// TestReadIDsRefusesInputNotReadWhole: a line longer than a line may be
// (70 KB) among good IDs, or a read error after good IDs, refuses them all:
// what was read before is not a list to send.
func TestReadIDsRefusesInputNotReadWhole(t *testing.T) {
	const a, b = "66ea54eb-6301-4ee5-be62-ff5a759b0100", "d79f5bee-5860-4832-928f-3133e22ae912"
	long := a + "\n" + strings.Repeat("x", 70*1024) + "\n" + b + "\n"
	if ids, err := headless.ReadIDs(strings.NewReader(long)); err == nil || !strings.Contains(err.Error(), "line 2") {
		t.Errorf("a 70 KB line: %v, %v", ids, err)
	}
	broken := io.MultiReader(strings.NewReader(a+"\n"+b+"\n"), iotest.ErrReader(errors.New("input/output error")))
	if ids, err := headless.ReadIDs(broken); err == nil || !strings.Contains(err.Error(), "input/output error") {
		t.Errorf("a read error: %v, %v", ids, err)
	}
}
