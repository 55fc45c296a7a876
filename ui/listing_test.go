package ui

import (
	"strings"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// TestReloadMeasuresTheWindowFromNow: r an hour after the start lists the
// last 30 days as of the reload, not as of the start.
func TestReloadMeasuresTheWindowFromNow(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	now := testNow
	m := New(Config{Graph: e.client, Query: graph.DefaultQuery(testNow), Source: "test", Now: func() time.Time { return now }})
	h := newHarness(t, m, 140, 40)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	lastFilter := func() string {
		reqs := e.sim.Requests()
		for i := len(reqs) - 1; i >= 0; i-- {
			if reqs[i].Action == "list" {
				return reqs[i].Filter
			}
		}
		return ""
	}
	if want := "createdDateTime ge 2026-10-28T12:00:00Z and riskState eq 'atRisk'"; lastFilter() != want {
		t.Fatalf("the first listing asked for %q, want %q", lastFilter(), want)
	}
	now = now.Add(time.Hour)
	h.press(keys.Reload)
	h.waitFor("the reload", func() bool { return !h.loading() })
	if want := "createdDateTime ge 2026-10-28T13:00:00Z and riskState eq 'atRisk'"; lastFilter() != want {
		t.Fatalf("the reload an hour later asked for %q, want %q", lastFilter(), want)
	}
	if !containsAll(h.prose(), "since 2026-10-28 13:00 UTC") {
		t.Errorf("the header does not show the new window:\n%s", h.screen())
	}
}

// containsAll reports whether s contains every one of subs.
func containsAll(s string, subs ...string) bool {
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			return false
		}
	}
	return true
}

// TestRefusedResultFilterIsSaid: when Graph refuses status/errorCode ne 0,
// the rows still leave out the successes, and the status pane says why
// they are filtered here.
func TestRefusedResultFilterIsSaid(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 200, RefuseErrorCodeNe: true}, 0)
	q := graph.DefaultQuery(testNow)
	q.Result = graph.ResultNotSuccess
	h := newHarness(t, e.model(q), 140, 40)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	for _, s := range h.rows() {
		if s.Result() == graph.ResultSuccess {
			t.Fatalf("a success is listed: %s", s.ID)
		}
	}
	if !strings.Contains(h.prose(), "Graph refused the filter status/errorCode ne 0") || !strings.Contains(h.prose(), "did not succeed") {
		t.Errorf("the screen does not say so:\n%s", h.screen())
	}
}
