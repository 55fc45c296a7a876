package ui

import (
	"cmp"
	"maps"
	"math"
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
	sortResult
	sortCountry
	sortApp
	sortFields // how many there are
)

func (f sortField) String() string {
	return [...]string{"time", "user", "risk", "result", "country", "app"}[f]
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

// keyOf is the spec's field as a number for each row position in view,
// computed once per row: a time, or a rank among the values in view.
// Sorting then compares numbers in one compact slice rather than reading
// fields out of 100,000 sign-ins scattered in memory.
func (s sortSpec) keyOf(t *signInTable) func(pos int) int64 {
	rows := t.rows
	switch s.field {
	case sortTime:
		return func(pos int) int64 { return rows[pos].Created.UnixMilli() }
	case sortUser:
		rank := t.userRanks()
		return func(pos int) int64 { return int64(rank[pos]) }
	case sortRisk:
		return func(pos int) int64 { return int64(rows[pos].RiskLevel.Rank()) }
	case sortResult:
		return func(pos int) int64 { return int64(resultRank(&rows[pos])) }
	case sortCountry:
		return t.stringRanks(func(s *graph.SignIn) string { return s.Country })
	}
	return t.stringRanks(func(s *graph.SignIn) string { return s.App })
}

// stringRanks ranks each row in view by field, A to Z: the distinct
// values (a few hundred apps or countries) are sorted once.
func (t *signInTable) stringRanks(field func(*graph.SignIn) string) func(pos int) int64 {
	byValue := map[string]int64{}
	for _, pos := range t.view {
		byValue[field(&t.rows[pos])] = 0
	}
	for i, v := range slices.Sorted(maps.Keys(byValue)) {
		byValue[v] = int64(i)
	}
	return func(pos int) int64 { return byValue[field(&t.rows[pos])] }
}

// next is the following field, in its natural direction: names A to Z,
// time and risk highest first.
func (s sortSpec) next() sortSpec {
	f := (s.field + 1) % sortFields
	return sortSpec{field: f, asc: f == sortUser || f == sortCountry || f == sortApp}
}

// sortView orders the view by spec, keeping the cursor on its row. Each
// row's key is computed once, and ties keep Graph's order (newest first),
// which also makes the order total, so the faster unstable sort gives the
// same result every time.
func (t *signInTable) sortView(spec sortSpec) {
	cur, hadCur := t.currentPos()
	t.version++
	key := spec.keyOf(t)
	keys := make([]int64, len(t.view))
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for i, pos := range t.view {
		k := key(pos)
		if !spec.asc {
			k = -k
		}
		keys[i], lo, hi = k, min(lo, k), max(hi, k)
	}
	if len(keys) > 0 && uint64(hi-lo) < 1<<32 && len(t.rows) < 1<<32 {
		// Key and position packed in one number: sorting numbers needs no
		// comparison function (ranks, and times a month apart in ms).
		packed := make([]uint64, len(keys))
		for i, pos := range t.view {
			packed[i] = uint64(keys[i]-lo)<<32 | uint64(pos)
		}
		slices.Sort(packed)
		for i, p := range packed {
			t.view[i] = int(p & (1<<32 - 1))
		}
	} else {
		type entry struct {
			key int64
			pos int
		}
		entries := make([]entry, len(keys))
		for i, pos := range t.view {
			entries[i] = entry{keys[i], pos}
		}
		slices.SortFunc(entries, func(a, b entry) int {
			return cmp.Or(cmp.Compare(a.key, b.key), cmp.Compare(a.pos, b.pos)) // Graph's order among equals
		})
		for i, e := range entries {
			t.view[i] = e.pos
		}
	}
	if hadCur {
		t.cursor = slices.Index(t.view, cur)
	}
	t.clamp()
}

// userRanks gives each row in view its user's place in the order of users:
// by the table's one name for each user, then by the user's key, so one
// person's sign-ins stay together. Users are ordered once, and rows then
// compare by a number: sorting by user costs no more than by risk.
func (t *signInTable) userRanks() []int32 {
	type user struct{ name, key string }
	users := make([]user, 0, len(t.users))
	for key := range t.users {
		users = append(users, user{t.users[key], key})
	}
	slices.SortFunc(users, func(a, b user) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		return strings.Compare(a.key, b.key)
	})
	byKey := make(map[string]int32, len(users))
	for i, u := range users {
		byKey[u.key] = int32(i)
	}
	rank := make([]int32, len(t.rows))
	for _, pos := range t.view {
		rank[pos] = byKey[t.rows[pos].UserKey()]
	}
	return rank
}

// resultRank orders sign-ins by how far the sign-in got: a success first
// (highest), then an interruption after the password was verified, then
// other interruptions, failures, and sign-ins without a status.
func resultRank(s *graph.SignIn) int8 {
	switch r := s.Result(); {
	case r == graph.ResultSuccess:
		return 4
	case r == graph.ResultInterrupted && s.Password() == graph.PasswordVerified:
		return 3
	case r == graph.ResultInterrupted:
		return 2
	case r == graph.ResultFailure:
		return 1
	}
	return 0
}
