package graph_test

import (
	"errors"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// TestRetryAfterIsCapped: a 429 asking for a wait of days, in seconds or
// as a date, is waited a second (the cap) per retry, each wait is
// reported, and the request ends failed (not applied), never unknown.
func TestRetryAfterIsCapped(t *testing.T) {
	for _, asked := range []string{"999999", "Fri, 31 Dec 9999 23:59:59 GMT"} {
		sim := simtest.Tenant(t, simtenant.Options{SignIns: 40})
		c := simtest.Client(t, sim, graph.Options{MaxRetryAfter: time.Second, Retry: graph.RetryPolicy{MaxRetries: 2, DelaySeconds: 1}})
		sim.InjectFault(simtenant.Fault{Action: "confirmSafe", Status: 429, Code: "TooManyRequests", Message: "Please retry again later.", RetryAfter: asked})
		start := time.Now()
		results := dispatch(c, confirmSafe, atRisk(sim, 1))
		took := time.Since(start)
		var e *graph.Error
		if len(results) != 1 || results[0].Outcome != graph.Failed || !errors.As(results[0].Err, &e) || e.Kind != graph.KindThrottled {
			t.Fatalf("%s: %+v", asked, results)
		}
		if took > 10*time.Second {
			t.Errorf("%s: the retries took %v: the cap did not hold", asked, took)
		}
		if n := len(sim.ActionRequests()); n != 3 {
			t.Errorf("%s: %d attempts, want 3", asked, n)
		}
		for i := range 2 {
			select {
			case th := <-c.Throttles():
				if th.Status != 429 || th.Wait > time.Second || th.Asked < 24*time.Hour || th.Attempt != i+1 || th.Of != 2 {
					t.Errorf("%s: wait %d reported %+v", asked, i+1, th)
				}
			default:
				t.Errorf("%s: wait %d was not reported", asked, i+1)
			}
		}
	}
}
