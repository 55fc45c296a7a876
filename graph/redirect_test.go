package graph_test

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
)

// TestRedirectedVerdictIsFailedAndNotFollowed: a 307 or 308 in reply to a
// verdict is not followed (kiota would resend it with no body) and is
// reported failed, with the reason, in one request; the rest of the
// dispatch is not sent.
func TestRedirectedVerdictIsFailedAndNotFollowed(t *testing.T) {
	for _, status := range []int{307, 308} {
		var posts atomic.Int32
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.Method == http.MethodPost {
				posts.Add(1)
			}
			w.Header().Set("Location", r.URL.String())
			w.Header().Set("request-id", "req-307")
			w.WriteHeader(status)
		}))
		c, err := graph.New(graph.Options{BaseURL: srv.URL + "/v1.0", BatchSize: 1, Verdicts: graph.StandardVerdicts()})
		if err != nil {
			t.Fatal(err)
		}
		results := dispatch(c, confirmSafe, []string{"00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002"})
		srv.Close()
		if n := posts.Load(); n != 1 {
			t.Errorf("%d: %d POSTs reached the server, want 1 (no redirect followed, nothing after)", status, n)
		}
		if len(results) != 2 {
			t.Fatalf("%d: %d results", status, len(results))
		}
		first := results[0]
		if first.Outcome != graph.Failed || first.Err == nil || first.Err.Kind != graph.KindRedirected {
			t.Fatalf("%d: first batch %v, %v; want failed, redirected", status, first.Outcome, first.Err)
		}
		if why := first.Err.Error(); !strings.Contains(why, "Graph redirected the request") || !strings.Contains(why, "not applied") || !strings.Contains(why, "report") {
			t.Errorf("%d: reason %q", status, why)
		}
		if first.Err.RequestID != "req-307" {
			t.Errorf("%d: request-id %q", status, first.Err.RequestID)
		}
		if results[1].Outcome != graph.NotSent {
			t.Errorf("%d: second batch %v, want not sent", status, results[1].Outcome)
		}
	}
}
