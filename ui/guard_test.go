package ui

import (
	"slices"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// TestGuardLeavesOutAReversalUntilAskedTwice: a sign-in confirmed
// compromised, then selected again with another for confirm safe: the
// dialog leaves it out and names its user, the request carries only the
// other; I, then I again (for a reversal), includes it.
func TestGuardLeavesOutAReversalUntilAskedTwice(t *testing.T) {
	for _, includeIt := range []bool{false, true} {
		e := newEnv(t, simtenant.Options{SignIns: 80}, 0)
		h := loaded(t, e, 160, 50)
		first := *h.rowAt(0)
		second := *h.rowAt(1)
		h.press(keys.Top, keys.Toggle, compromisedKey, keys.Yes)
		h.waitFor("the compromise", func() bool { return !h.sending() })
		h.press(keys.Reload)
		h.waitFor("the reload", func() bool { return !h.loading() })
		h.settle()
		selectIDs(h.m, first.ID, second.ID)
		h.press(safeKey)
		prose := h.prose()
		for _, want := range []string{"Left out: 1 in conflict with an earlier verdict.", "Sending would reverse the verdict on sign-ins of 1 user:",
			"I includes them (those in conflict ask once more)."} {
			if !strings.Contains(prose, want) {
				t.Fatalf("the dialog lacks %q:\n%s", want, h.screen())
			}
		}
		if !strings.Contains(h.screen(), first.UPN) {
			t.Errorf("the dialog does not name %s:\n%s", first.UPN, h.screen())
		}
		if p := h.confirmPlan(); !slices.Equal(p.sent(), []string{second.ID}) {
			t.Fatalf("the plan sends %v, want only %s", p.sent(), second.ID)
		}
		want := []string{second.ID}
		if includeIt {
			h.press(keys.Include)
			if p := h.confirmPlan(); slices.Contains(p.sent(), first.ID) || !strings.Contains(h.prose(), "I again also sends those in conflict") {
				t.Fatalf("one I included a reversal:\n%s", h.screen())
			}
			h.press(keys.Include)
			want = []string{second.ID, first.ID}
		}
		h.press(keys.Yes)
		h.waitFor("the dispatch", func() bool { return !h.sending() })
		reqs := e.sim.ActionRequests()
		last := reqs[len(reqs)-1]
		slices.Sort(want)
		got := slices.Sorted(slices.Values(last.IDs))
		if last.Action != "confirmSafe" || !slices.Equal(got, want) {
			t.Errorf("include %v: the tenant received %s %v, want %v", includeIt, last.Action, last.IDs, want)
		}
	}
}
