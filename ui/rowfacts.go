package ui

import (
	"slices"
	"strings"

	"github.com/signin-triage/signin-triage/graph"
)

// facts are what sorting and grouping read of a loaded row, worked out
// once when it is loaded and kept beside the rows: 100,000 sign-ins are
// sorted or gathered by reading 32 bytes each, in one array, rather than
// fields of sign-ins scattered in memory, and repeated strings (users,
// IPs, apps, countries) are compared as numbers.
type facts struct {
	created                int64 // milliseconds since the epoch
	user, ip, app, country int32 // numbers in the table's dictionaries
	risk                   int8  // graph.RiskLevel.Rank
	result                 int8  // resultRank
	succeeded, pwVerified  bool
}

// dict numbers the distinct values of one field of the loaded rows, in
// the order first seen.
type dict struct {
	index  map[string]int32
	values []string
	// ranked is values' order A to Z (rank[number]), worked out for
	// rankedLen values.
	rank      []int32
	rankedLen int
	// labelRank is the order of the values as group labels read them
	// (a blank reads "–"), for labelledLen values.
	labelRank   []int32
	labelledLen int
}

func newDict() dict { return dict{index: map[string]int32{}} }

// number is v's number, given the next one if v is new.
func (d *dict) number(v string) int32 {
	n, ok := d.index[v]
	if !ok {
		n = int32(len(d.values))
		d.index[v] = n
		d.values = append(d.values, v)
	}
	return n
}

// ranks is each number's place among the values A to Z, sorted again
// only when values were added.
func (d *dict) ranks() []int32 {
	if d.rankedLen != len(d.values) || d.rank == nil {
		d.rank = rankBy(len(d.values), func(a, b int32) int { return strings.Compare(d.values[a], d.values[b]) })
		d.rankedLen = len(d.values)
	}
	return d.rank
}

// rankBy gives each of n numbers its place in the order cmp makes.
func rankBy(n int, cmp func(a, b int32) int) []int32 {
	order := make([]int32, n)
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, cmp)
	rank := make([]int32, n)
	for r, num := range order {
		rank[num] = int32(r)
	}
	return rank
}

// factsOf works out a row's facts, numbering its values in the table's
// dictionaries.
func (t *signInTable) factsOf(s *graph.SignIn) facts {
	return facts{
		created:    s.Created.UnixMilli(),
		user:       t.userNumber(s),
		ip:         t.ips.number(s.IP),
		app:        t.apps.number(s.App),
		country:    t.countries.number(placeOf(s).Country),
		risk:       int8(s.RiskLevel.Rank()),
		result:     resultRank(s),
		succeeded:  s.Result() == graph.ResultSuccess,
		pwVerified: s.Password() == graph.PasswordVerified,
	}
}

// userNumber numbers the sign-in's user (by graph.SignIn.UserKey) and
// records the name the table gives them: the first UPN seen, else the
// first display name. Sorting, grouping and dialogs read it.
func (t *signInTable) userNumber(s *graph.SignIn) int32 {
	n := t.users.number(s.UserKey())
	if int(n) == len(t.userNames) {
		t.userNames = append(t.userNames, s.UserName())
	} else if name := t.userNames[n]; (name == "" || !strings.Contains(name, "@")) && s.UPN != "" {
		t.userNames[n] = s.UserName()
		t.users.rankedLen, t.users.labelledLen = -1, -1 // the order of names changed
	}
	return n
}

// userRanks is each user number's place in the order of users: by the
// table's one name for each user, then by the user's key, so that one
// person's sign-ins stay together.
func (t *signInTable) userRanks() []int32 {
	d := &t.users
	if d.rankedLen != len(d.values) || d.rank == nil {
		d.rank = rankBy(len(d.values), func(a, b int32) int {
			if c := strings.Compare(t.userNames[a], t.userNames[b]); c != 0 {
				return c
			}
			return strings.Compare(d.values[a], d.values[b])
		})
		d.rankedLen = len(d.values)
	}
	return d.rank
}

// labelRanks is each value's place among the group labels it gives (a
// blank value reads "–"), sorted again only when values were added.
// by user, the label is the user's one name, the key breaking ties.
func (t *signInTable) labelRanks(by groupBy) []int32 {
	d := by.dict(t)
	label := func(n int32) string { return orDashText(d.values[n]) }
	if by == byUser {
		label = func(n int32) string { return orDashText(t.userNames[n]) }
	}
	if d.labelledLen != len(d.values) || d.labelRank == nil {
		d.labelRank = rankBy(len(d.values), func(a, b int32) int {
			if c := strings.Compare(label(a), label(b)); c != 0 {
				return c
			}
			return strings.Compare(d.values[a], d.values[b])
		})
		d.labelledLen = len(d.values)
	}
	return d.labelRank
}
