// Package simtest is the setup the tests of every package share: a
// simulated tenant generated at one fixed instant, a Graph client on it,
// every page of a listing, and the standard verdicts by name.
package simtest

import (
	"context"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// Now is the instant every test tenant is generated at and every test
// query is measured from: 2026-11-27 12:00 UTC, so that views and filters
// are the same on every run.
func Now() time.Time { return time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC) }

// Tenant starts a simulated tenant that closes when t ends. A zero Now in
// opts is Now(), a zero Seed is 1.
func Tenant(t testing.TB, opts simtenant.Options) *simtenant.Server {
	t.Helper()
	if opts.Now.IsZero() {
		opts.Now = Now()
	}
	if opts.Seed == 0 {
		opts.Seed = 1
	}
	sim, err := simtenant.Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { sim.Close() })
	return sim
}

// Client is a Graph client on sim, built from opts with sim's URL, and
// retries kept short (one retry after a second) unless opts says
// otherwise.
func Client(t testing.TB, sim *simtenant.Server, opts graph.Options) *graph.Client {
	t.Helper()
	opts.BaseURL = sim.URL()
	if opts.Retry == (graph.RetryPolicy{}) {
		opts.Retry = graph.RetryPolicy{MaxRetries: 1, DelaySeconds: 1}
	}
	c, err := graph.New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// ListAll lists every page of q, failing t on an error; pages counts
// them.
func ListAll(t testing.TB, c *graph.Client, q graph.Query) (all []graph.SignIn, pages int) {
	t.Helper()
	next := ""
	for {
		p, err := c.ListPage(context.Background(), q, next)
		if err != nil {
			t.Fatalf("page %d: %v", pages+1, err)
		}
		pages++
		all = append(all, p.SignIns...)
		if next = p.NextLink; next == "" {
			return all, pages
		}
	}
}

// Verdict is the standard verdict named name.
func Verdict(name string) graph.Verdict {
	v, ok := graph.StandardVerdicts().Named(name)
	if !ok {
		panic("no standard verdict " + name)
	}
	return v
}

// AtRisk is up to n IDs of sim's sign-ins still at risk, newest first.
func AtRisk(sim *simtenant.Server, n int) []string {
	var ids []string
	for _, s := range sim.SignIns() {
		if s.RiskState == "atRisk" && len(ids) < n {
			ids = append(ids, s.ID)
		}
	}
	return ids
}
