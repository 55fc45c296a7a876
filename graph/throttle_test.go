package graph_test

import (
	"context"
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
		results := dispatch(c, confirmSafe, simtest.AtRisk(sim, 1))
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

// TestListingKeepsToTheReportsLimit: on an injected clock, against a
// tenant that answers 429 past 5 listing requests in 10 seconds, the 20
// pages of a listing are spaced as that limit allows and none is refused.
func TestListingKeepsToTheReportsLimit(t *testing.T) {
	clock := simtest.NewStepClock(testNow)
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 1000, ListLimit: graph.ListRequests, ListWindow: graph.ListWindow, Clock: clock.Now})
	c := simtest.Client(t, sim, graph.Options{PaceListing: true, Clock: clock})
	all, pages := listAll(t, c, graph.Query{PageSize: 50})
	if pages != 20 || len(all) != 1000 {
		t.Fatalf("%d pages, %d sign-ins", pages, len(all))
	}
	var at []time.Time
	for _, r := range sim.Requests() {
		if r.Status == 429 {
			t.Fatalf("a listing request was answered 429: %+v", r)
		}
		at = append(at, r.At)
	}
	for i := graph.ListRequests; i < len(at); i++ {
		if gap := at[i].Sub(at[i-graph.ListRequests]); gap < graph.ListWindow {
			t.Errorf("requests %d and %d only %v apart: more than 5 in 10 s", i-graph.ListRequests+1, i+1, gap)
		}
	}
	if took := at[len(at)-1].Sub(at[0]); took > 31*time.Second {
		t.Errorf("20 pages took %v on the clock: paced slower than the limit allows", took)
	}
	// Unpaced, such a tenant refuses the sixth request in a row.
	other := simtest.Tenant(t, simtenant.Options{SignIns: 1000, ListLimit: graph.ListRequests, ListWindow: graph.ListWindow, Clock: clock.Now})
	unpaced := simtest.Client(t, other, graph.Options{Retry: graph.RetryPolicy{MaxRetries: 1, DelaySeconds: 1}})
	next := ""
	for page := 1; page <= 6; page++ {
		p, err := unpaced.ListPage(context.Background(), graph.Query{PageSize: 50}, next)
		if err != nil {
			if page != 6 {
				t.Errorf("unpaced, page %d was refused: %v", page, err)
			}
			return
		}
		next = p.NextLink
	}
	t.Error("unpaced, the tenant let 6 requests through in no time: the test cannot tell pacing from none")
}
