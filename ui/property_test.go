package ui

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"pgregory.net/rapid"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/ui/filter"
)

// TestPropertyWhatIsSentIsWhatWasChosen drives the UI with random tenants,
// random key sequences (toggle, range, select all, clear, filter, sort,
// reload) and random per-batch faults, then checks the dispatch's
// invariants: the IDs the tenant accepted are exactly those the UI shows
// confirmed, all of them were selected when the analyst confirmed, none was
// accepted twice, and every selected ID ends in exactly one state.
func TestPropertyWhatIsSentIsWhatWasChosen(t *testing.T) {
	if raceEnabled {
		t.Skip("1,000 UI sessions are too slow under -race; the race run covers the same code in the other tests")
	}
	rapid.Check(t, func(rt *rapid.T) {
		sim, err := simtenant.Start(simtenant.Options{
			SignIns: rapid.IntRange(5, 60).Draw(rt, "signIns"),
			Seed:    rapid.Uint64().Draw(rt, "seed"), Now: testNow,
		})
		if err != nil {
			rt.Fatal(err)
		}
		defer sim.Close()
		client, err := graph.New(graph.Options{BaseURL: sim.URL(), BatchSize: rapid.IntRange(1, 7).Draw(rt, "batch"),
			Retry: graph.RetryPolicy{MaxRetries: 1, DelaySeconds: 1}, Timeout: 5 * time.Second})
		if err != nil {
			rt.Fatal(err)
		}
		h := newHarness(t, New(Config{Graph: client, Query: graph.DefaultQuery(testNow), Source: "prop"}), 120, 30)
		h.waitFor("the listing", func() bool { return !h.loading() })

		steps := rapid.SliceOfN(rapid.SampledFrom([]string{"toggle", "toggle", "down", "down", "up", "range", "selectall",
			"clear", "filter", "unfilter", "sort", "reload", "selectedonly"}), 1, 30).Draw(rt, "keys")
		for _, s := range steps {
			switch s {
			case "toggle":
				h.press(keys.Toggle)
			case "down":
				h.press(keys.Down)
			case "up":
				h.press(keys.Up)
			case "range":
				h.press(keys.Range)
			case "selectall":
				h.press(keys.SelectAll)
			case "clear":
				h.press(keys.Clear)
			case "filter":
				h.press(keys.Filter)
				h.typeText(rapid.SampledFrom([]string{"risk:high", "!risk:low", "country:md", "teams", "ip:1"}).Draw(rt, "term"))
				h.press(keys.FilterApply)
			case "unfilter":
				h.press(keys.Filter, keys.FilterClear)
			case "sort":
				h.press(keys.Sort)
			case "reload":
				h.press(keys.Reload)
				h.waitFor("the reload", func() bool { return !h.loading() })
			case "selectedonly":
				h.press(keys.SelectedOnly)
			}
		}
		h.press(safeKey)
		p, ok := h.confirmPlanOK()
		if !ok {
			if h.selectedCount() != 0 {
				rt.Fatalf("S with %d selected opened no dialog", h.selectedCount())
			}
			return
		}
		chosen := slices.Clone(p.ids)
		// Random faults, each on the batches that carry some chosen IDs.
		for i := range rapid.IntRange(0, 3).Draw(rt, "faults") {
			ids := []string{rapid.SampledFrom(chosen).Draw(rt, fmt.Sprint("faultID", i))}
			switch rapid.IntRange(0, 3).Draw(rt, fmt.Sprint("fault", i)) {
			case 0:
				sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids, Status: 503, RetryAfter: "0"})
			case 1:
				sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids, Status: 403, Code: "Authorization_RequestDenied", Times: 1})
			case 2:
				sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids, LoseReply: true, Times: 1})
			case 3:
				sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids, Status: 400, Message: "These requestIds do not exist in your tenant or they are not risky", Times: 1})
			}
		}
		h.press(keys.Yes)
		h.settle()
		h.waitFor("the dispatch", func() bool { return !h.sending() })

		accepted := map[string]int{}
		for _, r := range sim.ActionRequests() {
			if r.Status == 204 {
				for _, id := range r.IDs {
					accepted[id]++
				}
			}
		}
		for id, n := range accepted {
			if n > 1 {
				rt.Fatalf("%s was accepted %d times", id, n)
			}
			if !slices.Contains(chosen, id) {
				rt.Fatalf("%s was accepted but not chosen", id)
			}
			if h.outcome(id).kind != outcomeAccepted {
				rt.Fatalf("%s was accepted but the UI shows %v", id, h.outcome(id).kind)
			}
		}
		for _, id := range chosen {
			switch h.outcome(id).kind {
			case outcomeAccepted:
				if accepted[id] != 1 {
					rt.Fatalf("the UI shows %s confirmed, the tenant did not accept it", id)
				}
			case outcomeFailed, outcomeNotSent, outcomeUnknown:
				if h.outcome(id).reason == "" {
					rt.Fatalf("%s ended %v without a reason", id, h.outcome(id).kind)
				}
			default:
				rt.Fatalf("%s did not end: %v", id, h.outcome(id).kind)
			}
		}
	})
}

// TestPropertyCountsFollowTheSelection: the header's counts of selected
// sign-ins not in view and not loaded, kept up to date by the changes
// alone where it can, always equal a count over the whole selection,
// whatever the analyst selects, filters, hides or reloads.
func TestPropertyCountsFollowTheSelection(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		m := New(Config{Graph: offlineGraph(t), Source: "prop"})
		m.Update(teaSize(120, 30))
		rows := syntheticRows(rapid.IntRange(1, 300).Draw(rt, "rows"))
		appendRows(m, rows...)
		id := func() string { // loaded, or not
			return fmt.Sprintf("id-%06d", rapid.IntRange(0, len(rows)+20).Draw(rt, "id"))
		}
		for range rapid.IntRange(1, 60).Draw(rt, "ops") {
			switch rapid.IntRange(0, 8).Draw(rt, "op") {
			case 0:
				m.selected.toggle(id())
			case 1:
				m.selected.remove(id())
			case 2:
				for range rapid.IntRange(0, 100).Draw(rt, "many") {
					m.selected.add(id())
				}
			case 3:
				m.selected.clear()
			case 4:
				m.find.filter, _ = filter.Parse(rapid.SampledFrom([]string{"", "user:user1", "!user:user2", "contoso"}).Draw(rt, "filter"))
				m.refilter()
			case 5:
				m.toggleSelectedOnly()
			case 6:
				m.Update(keyPress(keys.Down.Keys()[0]))
			case 8: // twice within one message
				x := id()
				m.selected.toggle(x)
				m.selected.toggle(x)
			case 7: // a reload brings back some of the rows, then more
				m.forgetRows()
				m.afterMessage()
				n := rapid.IntRange(0, len(rows)).Draw(rt, "reloaded")
				appendRows(m, rows[:n/2]...)
				appendRows(m, rows[n/2:n]...)
			}
			m.afterMessage()
			var notLoaded, hidden int
			for sid := range m.selected.all() {
				switch loaded, shown := m.table.isShown(sid); {
				case !loaded:
					notLoaded++
				case !shown:
					hidden++
				}
			}
			if m.notLoaded != notLoaded || m.selectedOutOfView != hidden {
				rt.Fatalf("counts %d not loaded, %d not in view; the selection says %d and %d", m.notLoaded, m.selectedOutOfView, notLoaded, hidden)
			}
		}
	})
}
