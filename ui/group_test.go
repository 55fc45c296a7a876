package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

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
	h.press(safeKey, keys.Yes)
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
	if h.grouped() || h.shownLen() != len(first.rows) || !strings.Contains(h.screen(), "Group user = "+first.label) {
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

// TestOnePersonIsOneUser: a person's sign-ins with and without a UPN are
// one group when grouped by user, one user in the group's count and in the
// compromised dialog, and sort together.
func TestOnePersonIsOneUser(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 30}, 0)
	const id = "5a1e7c0d-0000-4000-8000-0000000000aa"
	person := func(sid, upn, name string, ago time.Duration) simtenant.SignIn {
		return simtenant.SignIn{ID: sid, CreatedDateTime: testNow.Add(-ago), UserID: id,
			UserPrincipalName: upn, UserDisplayName: name, RiskState: "atRisk", RiskLevelAggregated: "high", RiskLevelDuringSignIn: "high",
			RiskDetail: "none", ConditionalAccessStatus: "notApplied", IsInteractive: true}
	}
	e.sim.Add(person("one-1", "zoe@contoso.com", "Zoë", time.Minute),
		person("one-2", "", "Zoë (no UPN)", 2*time.Minute),
		person("one-3", "zoe@contoso.com", "Zoë", 3*time.Minute))
	h := loaded(t, e, 140, 40)
	h.press(keys.Sort) // by user
	var order []string
	for i := range h.shownLen() {
		order = append(order, h.rowAt(i).ID)
	}
	at := slices.Index(order, "one-1")
	if at < 0 || at+2 >= len(order) || !slices.Contains(order[at:at+3], "one-2") || !slices.Contains(order[at:at+3], "one-3") {
		t.Errorf("sorted by user, the person's sign-ins are apart: %v", order)
	}
	h.press(keys.Filter)
	h.typeText("user:zo")
	h.press(keys.FilterApply, keys.Group)
	if gs := h.groups(); len(gs) != 1 || gs[0].key != id || len(gs[0].rows) != 3 || gs[0].users != 1 || gs[0].label != "zoe@contoso.com" {
		t.Fatalf("grouped by user, the person is %+v\n%s", gs, h.screen())
	}
	h.press(keys.Toggle, compromisedKey)
	if p := h.confirmPlan(); len(p.ids) != 3 || p.users != 1 || len(p.userNames) != 1 {
		t.Errorf("the dialog sends %d sign-ins of %d users (%v), want 3 of the one person", len(p.ids), p.users, p.userNames)
	}
}

// The groups' order, sorted by numbers (rank among labels), is the order
// of comparing their counts, times or risks and then their labels and
// keys, for every key, order and direction.
func TestGroupsSortAsTheirLabelsRead(t *testing.T) {
	tbl := newSignInTable()
	rows := syntheticRows(3000)
	for i := range rows {
		rows[i].UPN = fmt.Sprintf("user%d@contoso.com", i*7%113)
		rows[i].IP = fmt.Sprintf("10.0.%d.%d", i%5, i*13%61)
		rows[i].App = []string{"Teams", "", "Outlook", "Azure Portal", "teams"}[i%5]
		rows[i].RiskLevel = []graph.RiskLevel{graph.RiskLevelLow, graph.RiskLevelHigh, graph.RiskLevelMedium, graph.RiskLevelNone}[i*3%4]
		rows[i].RiskEventTypes = [][]string{nil, {"passwordSpray"}, {"unfamiliarFeatures", "anonymizedIPAddress"}}[i%3]
		rows[i].Place = &graph.Place{Country: []string{"IE", "", "MD", "US", "de"}[i*7%5]}
		if i%17 == 0 {
			rows[i].UPN, rows[i].UserDisplayName = "", fmt.Sprintf("Name %d", i%3)
		}
	}
	tbl.append(rows, nil)
	for by := range groupBys {
		for order := range groupOrders {
			for _, reversed := range []bool{false, true} {
				g := newGroupView()
				g.setBy(by)
				g.order, g.reversed = order, reversed
				g.regroup(&tbl)
				ok := slices.IsSortedFunc(g.groups, func(a, b group) int {
					var c int
					switch order {
					case byNewest:
						c = b.newest.Compare(a.newest)
					case byRisk:
						c = cmp.Or(cmp.Compare(b.risk.Rank(), a.risk.Rank()), cmp.Compare(len(b.rows), len(a.rows)))
					default:
						c = cmp.Compare(len(b.rows), len(a.rows))
					}
					if reversed {
						c = -c
					}
					return cmp.Or(c, strings.Compare(a.label, b.label), strings.Compare(a.key, b.key))
				})
				if !ok || len(g.groups) < 3 {
					t.Errorf("by %s, order %s, reversed %v: %d groups out of order", by, order, reversed, len(g.groups))
				}
			}
		}
	}
}
