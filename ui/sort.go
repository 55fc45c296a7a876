package ui

import (
	"cmp"
	"slices"
	"strings"

	"github.com/signin-triage/signin-triage/graph"
)

// sortField is what the table is ordered by.
type sortField int

const (
	sortTime sortField = iota
	sortUser
	sortRisk
	sortCountry
	sortApp
	sortFields // how many there are
)

func (f sortField) String() string {
	return [...]string{"time", "user", "risk", "country", "app"}[f]
}

// sortSpec is the table's order. The zero value is Graph's own: newest
// first.
type sortSpec struct {
	field sortField
	asc   bool
}

func (s sortSpec) isDefault() bool { return s == sortSpec{} }

// String is the order as the header shows it.
func (s sortSpec) String() string {
	arrow := "↓"
	if s.asc {
		arrow = "↑"
	}
	return s.field.String() + " " + arrow
}

// compare orders two sign-ins by the spec.
func (s sortSpec) compare(a, b *graph.SignIn) int {
	var c int
	switch s.field {
	case sortTime:
		c = a.Created.Compare(b.Created)
	case sortUser:
		c = strings.Compare(userSortKey(a), userSortKey(b))
	case sortRisk:
		c = cmp.Compare(a.RiskLevel.Rank(), b.RiskLevel.Rank())
	case sortCountry:
		c = strings.Compare(a.Country, b.Country)
	case sortApp:
		c = strings.Compare(a.App, b.App)
	}
	if !s.asc {
		c = -c
	}
	return c
}

func userSortKey(s *graph.SignIn) string {
	if s.UPN != "" {
		return s.UPN
	}
	return s.UserDisplayName
}

// next is the following field, in its natural direction: names A to Z,
// time and risk highest first.
func (s sortSpec) next() sortSpec {
	f := (s.field + 1) % sortFields
	return sortSpec{field: f, asc: f == sortUser || f == sortCountry || f == sortApp}
}

// sortView orders the view by spec, keeping the cursor on its row. Ties
// keep Graph's order (newest first), which also makes the order total, so
// the faster unstable sort gives the same result every time: 100,000 rows
// sort in about 15 ms.
func (t *signInTable) sortView(spec sortSpec) {
	cur, hadCur := t.currentPos()
	t.version++
	slices.SortFunc(t.view, func(i, j int) int {
		if c := spec.compare(&t.rows[i], &t.rows[j]); c != 0 {
			return c
		}
		return cmp.Compare(i, j) // Graph's order among equals
	})
	if hadCur {
		t.cursor = slices.Index(t.view, cur)
	}
	t.clamp()
}
