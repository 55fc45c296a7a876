package ui

import (
	"cmp"
	"math"
	"slices"

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

// keyOf is the spec's field as a number for each row position: a time,
// or a rank among the values (rowfacts.go).
func (s sortSpec) keyOf(t *signInTable) func(pos int) int64 {
	f := t.facts
	switch s.field {
	case sortTime:
		return func(pos int) int64 { return f[pos].created }
	case sortUser:
		rank := t.userRanks()
		return func(pos int) int64 { return int64(rank[f[pos].user]) }
	case sortRisk:
		return func(pos int) int64 { return int64(f[pos].risk) }
	case sortResult:
		return func(pos int) int64 { return int64(f[pos].result) }
	case sortCountry:
		rank := t.countries.ranks()
		return func(pos int) int64 { return int64(rank[f[pos].country]) }
	}
	rank := t.apps.ranks()
	return func(pos int) int64 { return int64(rank[f[pos].app]) }
}

// next is the following field, in its natural direction: names A to Z,
// time and risk highest first.
func (s sortSpec) next() sortSpec {
	f := (s.field + 1) % sortFields
	return sortSpec{field: f, asc: f == sortUser || f == sortCountry || f == sortApp}
}

// sortView orders the view by spec, keeping the cursor on its row. Each
// row's key is read once from its facts; rows are taken in Graph's order
// (by position) and sorted stably by key, so ties keep Graph's order
// (newest first) and the order is the same every time.
func (t *signInTable) sortView(spec sortSpec) {
	cur, hadCur := t.currentPos()
	t.version++
	key := spec.keyOf(t)
	keys := make([]int64, 0, len(t.view))
	t.view = t.view[:0]
	lo, hi := int64(math.MaxInt64), int64(math.MinInt64)
	for pos, on := range t.shown {
		if !on {
			continue
		}
		k := key(pos)
		if !spec.asc {
			k = -k
		}
		keys, t.view = append(keys, k), append(t.view, pos)
		lo, hi = min(lo, k), max(hi, k)
	}
	if len(keys) > 0 && uint64(hi-lo) < 1<<32 && len(t.rows) < 1<<32 {
		// Key and position packed in one number and sorted by the key's
		// bytes (a radix sort: no comparisons), the key's span in ms or
		// ranks fitting 32 bits (Graph keeps 30 days: 2^32 ms is 49).
		packed := make([]uint64, len(keys))
		for i, pos := range t.view {
			packed[i] = uint64(keys[i]-lo)<<32 | uint64(pos)
		}
		packed = radixSortHigh(packed, uint64(hi-lo))
		for i, p := range packed {
			t.view[i] = int(p & (1<<32 - 1))
		}
	} else {
		order := make([]int, len(keys))
		for i := range order {
			order[i] = i
		}
		slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(keys[a], keys[b]) })
		view := slices.Clone(t.view)
		for i, o := range order {
			t.view[i] = view[o]
		}
	}
	if hadCur {
		t.cursor = slices.Index(t.view, cur)
	}
	t.clamp()
}

// radixSortHigh sorts a stably by the upper 32 bits, which hold numbers
// up to span: a pass per byte of span, each a count and a scatter.
func radixSortHigh(a []uint64, span uint64) []uint64 {
	tmp := make([]uint64, len(a))
	for shift := 32; span > 0; shift, span = shift+8, span>>8 {
		var count [256]int
		for _, v := range a {
			count[byte(v>>shift)]++
		}
		if count[byte(a[0]>>shift)] == len(a) {
			continue // every number has this byte alike
		}
		sum := 0
		for i, c := range count {
			count[i], sum = sum, sum+c
		}
		for _, v := range a {
			d := byte(v >> shift)
			tmp[count[d]] = v
			count[d]++
		}
		a, tmp = tmp, a
	}
	return a
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
