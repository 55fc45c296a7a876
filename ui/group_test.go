package ui

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// TestGroupCountsMatchTheRows: every group counts exactly the rows in view
// that carry its key, for every way of grouping.
func TestGroupCountsMatchTheRows(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 400}, 0)
	h := loaded(t, e, 160, 40)
	h.press(keys.Group)
	for by := range groupBys {
		if h.groupedBy() != by {
			t.Fatalf("grouped by %s, want %s", h.groupedBy(), by)
		}
		total := 0
		for _, g := range h.groups() {
			want := 0
			for i := range h.shownLen() {
				if slices.Contains(by.keys(h.rowAt(i)), g.key) {
					want++
				}
			}
			if len(g.rows) != want {
				t.Errorf("by %s, group %q counts %d, the rows say %d", by, g.key, len(g.rows), want)
			}
			total += len(g.rows)
		}
		if by != byEvent && total != h.shownLen() {
			t.Errorf("by %s the groups hold %d rows of %d", by, total, h.shownLen())
		}
		if !strings.Contains(h.screen(), "GROUPED BY "+strings.ToUpper(by.String())) {
			t.Errorf("the header does not say grouped by %s", by)
		}
		h.press(keys.GroupBy)
	}
}

// TestSelectingAGroupSendsExactlyItsSignIns: the password spray's IP is the
// biggest group; space selects exactly its sign-ins, and confirming sends
// exactly those.
func TestSelectingAGroupSendsExactlyItsSignIns(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 400}, 0)
	h := loaded(t, e, 160, 40)
	h.press(keys.Group, keys.GroupBy) // by IP
	spray := h.groups()[0]
	if spray.users < 10 {
		t.Fatalf("the biggest IP group has %d users: no spray to find", spray.users)
	}
	var want []string
	for _, pos := range spray.rows {
		want = append(want, h.rows()[pos].ID)
	}
	h.press(keys.Toggle)
	if h.selectedCount() != len(want) || !strings.Contains(h.screen(), "Selected "+itoa(len(want))) {
		t.Fatalf("selected %d, the group has %d", h.selectedCount(), len(want))
	}
	h.press(keys.ConfirmSafe, keys.Yes)
	h.settle()
	var sent []string
	for _, r := range e.sim.ActionRequests() {
		sent = append(sent, r.IDs...)
	}
	slices.Sort(sent)
	slices.Sort(want)
	if !slices.Equal(sent, want) {
		t.Fatalf("sent %d IDs, want the group's %d", len(sent), len(want))
	}
	for _, id := range want {
		if s, _ := e.sim.SignIn(id); s.RiskState != "confirmedSafe" {
			t.Errorf("%s is %s in the tenant", id, s.RiskState)
		}
	}
	// Space again on a fully selected group clears it.
	h.press(keys.Top, keys.Toggle, keys.Top, keys.Toggle)
	if h.groups()[0].selected != 0 {
		t.Errorf("space on a selected group left %d selected", h.groups()[0].selected)
	}
}

// TestFilterAppliesInsideGroupsAndEnterOpensOne.
func TestFilterAppliesInsideGroupsAndEnterOpensOne(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 400}, 0)
	h := loaded(t, e, 160, 40)
	h.press(keys.Filter)
	h.typeText("risk:high")
	h.press(keys.FilterApply, keys.Group)
	for _, g := range h.groups() {
		for _, pos := range g.rows {
			if h.rows()[pos].RiskLevel != graph.RiskLevelHigh {
				t.Fatalf("group %q holds a %s row", g.key, h.rows()[pos].RiskLevel)
			}
		}
	}
	first := h.groups()[0]
	h.press(keys.Details) // enter opens the group
	if h.grouped() || h.shownLen() != len(first.rows) || !strings.Contains(h.screen(), "Group user = "+first.key) {
		t.Fatalf("opened group shows %d rows, want %d:\n%s", h.shownLen(), len(first.rows), h.screen())
	}
	h.press(keys.Back)
	if !h.grouped() || h.groupOpened() {
		t.Fatal("esc did not return to the groups")
	}
	h.press(keys.Group)
	if h.grouped() {
		t.Fatal("tab did not return to the rows")
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
