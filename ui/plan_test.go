package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
	"github.com/signin-triage/signin-triage/ui/cli/headless"
)

// TestTheUIAndHeadlessPlanAlike: the same selections and the same memory
// (accepted verdicts, one of them remembered in upper case, and a request
// in doubt) give the same parts through the UI's plan and the headless
// one, at every include level and for every verdict.
func TestTheUIAndHeadlessPlanAlike(t *testing.T) {
	sim := simtest.Tenant(t, simtenant.Options{SignIns: 120})
	open := simtest.AtRisk(sim, 6)
	mem := graph.NewMemory(map[string]string{
		strings.ToUpper(open[0]): "confirmCompromised", // remembered in another case
		open[1]:                  "confirmSafe",
		open[2]:                  "dismiss",
	})
	mem.InDoubt("dismiss sent at 17:40:05 UTC with no reply", []string{open[3]})
	client := simtest.Client(t, sim, graph.Options{Memory: mem})
	h := newHarness(t, New(Config{Graph: client, Query: graph.Query{PageSize: 500}, Source: "test", FirstPageSize: -1}), 140, 40)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	var never []string
	for _, s := range h.rows() {
		if s.RiskState == graph.RiskStateNone && len(never) < 2 {
			never = append(never, s.ID)
		}
	}
	selection := append(append(slices.Clone(open), never...), "0000000a-0000-4000-8000-0000000000ff") // one not loaded
	selectIDs(h.m, selection...)
	listed := map[string]*graph.SignIn{}
	for _, id := range selection {
		if s := h.signIn(id); s != nil {
			listed[id] = s
		}
	}
	parts := func(p graph.Plan) string {
		var out []string
		for part, items := range p.Left {
			var ids []string
			for _, it := range items {
				ids = append(ids, it.ID)
			}
			out = append(out, graph.Part(part).String()+": "+strings.Join(sorted(ids), ","))
		}
		return strings.Join(out, "; ")
	}
	for _, v := range graph.StandardVerdicts() {
		for include := range 3 {
			ui := h.m.newPlan(v, include)
			hl := headless.Plan(client, v, selection, headless.Options{Listed: listed,
				IncludeDecided: include >= 1, AllowReverse: include >= 2})
			if parts(ui.Plan) != parts(hl) || !slices.Equal(sorted(ui.sent()), sorted(hl.IDs())) {
				t.Errorf("%s, include %d:\n  UI sends %v, leaves out %v\n  headless sends %v, leaves out %v",
					v.Name, include, sorted(ui.sent()), parts(ui.Plan), sorted(hl.IDs()), parts(hl))
			}
		}
	}
	// The upper-case memory of a compromise keeps the sign-in out of
	// confirm safe in the UI (and, above, headless alike).
	safe, _ := graph.StandardVerdicts().Named("confirmSafe")
	if p := h.m.newPlan(safe, 1); slices.Contains(p.sent(), open[0]) || !slices.Contains(p.left[graph.PartConflict], open[0]) {
		t.Errorf("a compromise remembered in upper case did not keep %s out of confirm safe: %v", open[0], p.left)
	}
	if p := h.m.newPlan(safe, 0); !slices.Contains(p.left[graph.PartUnknown], open[3]) || len(p.Doubts) != 1 {
		t.Errorf("the sign-in in doubt is not left out as unknown, naming the request: %v %v", p.left, p.Doubts)
	}
}

func sorted(ids []string) []string { return slices.Sorted(slices.Values(ids)) }
