package graph_test

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// hostileRequestID carries a bidi override, the C1 CSI and OSC
// introducers, and 3,000 characters. (An ASCII control character would
// make Go's HTTP client refuse the whole reply as a malformed header.)
var hostileRequestID = "5e1a\u202eevil\u009b2J\u009d0;title" + strings.Repeat("x", 3000)

// TestReplyHeadersAreSanitizedAndCapped: Graph's request-id reaches the
// batch result, the error and the debug log sanitized and capped, by the
// same function as every other string from Graph.
func TestReplyHeadersAreSanitizedAndCapped(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 60, RequestID: hostileRequestID})
	var log bytes.Buffer
	c := simtest.Client(t, sim, graph.Options{BatchSize: 1, DebugLog: &log})
	ids := simtest.AtRisk(sim, 2)
	sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids[1:], Status: 400, Code: "BadRequest", Message: "no"})
	results := dispatch(c, confirmSafe, ids)
	clean := func(what, s string) {
		t.Helper()
		if s == "" || strings.ContainsAny(s, "\u202e\u009b\u009d") || utf8.RuneCountInString(s) > sanitize.MaxHeader {
			t.Errorf("%s: %q (%d runes)", what, s, utf8.RuneCountInString(s))
		}
	}
	if len(results) != 2 {
		t.Fatalf("%d results", len(results))
	}
	clean("accepted request-id", results[0].RequestID)
	clean("failed request-id", results[1].RequestID)
	clean("error's request-id", results[1].Err.RequestID)
	if strings.ContainsAny(log.String(), "\u202e\u009b\u009d") || strings.Contains(log.String(), strings.Repeat("x", 200)) {
		t.Errorf("the debug log holds the raw request-id")
	}
}

// TestActionsCarryContentLength: verdicts go out with a length, not
// chunked, which some proxies refuse (411).
func TestActionsCarryContentLength(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 60}, 2)
	dispatch(c, confirmSafe, simtest.AtRisk(sim, 3))
	reqs := sim.ActionRequests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests", len(reqs))
	}
	for _, r := range reqs {
		if r.ContentLength <= 0 {
			t.Errorf("a verdict went out chunked (length %d)", r.ContentLength)
		}
	}
}

// TestRepliesAreBounded: a reply larger than the cap fails its page with
// a reason, before anything reads it whole.
func TestRepliesAreBounded(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 20})
	c := simtest.Client(t, sim, graph.Options{MaxReply: 1 << 20})
	huge := `{"value": [{"id": "` + strings.Repeat("a", 3<<20) + `"}]}`
	sim.InjectFault(simtenant.Fault{Action: "list", Status: 200, Body: huge, Times: 1})
	_, err := c.ListPage(context.Background(), graph.Query{}, "")
	var e *graph.Error
	if !errors.As(err, &e) || e.Kind != graph.KindBadReply || !strings.Contains(err.Error(), "larger than 1 MB") {
		t.Fatalf("a 3 MB reply against a 1 MB cap: %v", err)
	}
	if _, err := c.ListPage(context.Background(), graph.Query{}, ""); err != nil {
		t.Errorf("a reply under the cap: %v", err)
	}
}

// TestIDsAreKeptVerbatim: two sign-ins whose IDs differ only by a
// zero-width character are two sign-ins, and each is sent back exactly
// as Graph sent it.
func TestIDsAreKeptVerbatim(t *testing.T) {
	sim, c := setup(t, simtenant.Options{SignIns: 10}, 0)
	base := sim.SignIns()[0]
	twin := base
	twin.ID = base.ID[:4] + "\u200b" + base.ID[4:]
	sim.Add(twin)
	all, _ := listAll(t, c, graph.Query{})
	var got []string
	for _, s := range all {
		if strings.ReplaceAll(s.ID, "\u200b", "") == base.ID {
			got = append(got, s.ID)
		}
	}
	if len(got) != 2 || got[0] == got[1] {
		t.Fatalf("the twins were listed as %q", got)
	}
	dispatch(c, confirmSafe, got)
	reqs := sim.ActionRequests()
	if len(reqs) != 1 || len(reqs[0].IDs) != 2 || !slices.Contains(reqs[0].IDs, twin.ID) || !slices.Contains(reqs[0].IDs, base.ID) {
		t.Errorf("the tenant received %q", reqs[0].IDs)
	}
}
