package ui

import (
	"cmp"
	"slices"
)

// screenKind is one kind of screen as the help's reference and CheckKeys
// see it: a sample built on the session, whose commands they ask (it is
// never drawn, refreshed or focused), and where the reference lists it.
type screenKind struct {
	rank   int // the reference lists lower ranks first
	sample func(ses *session) screen
}

// screenKinds is every kind of screen. Each screen's file adds its own in
// an init (addScreenKind), so that a new screen is found by the help and
// by CheckKeys with no list elsewhere to keep.
var screenKinds []screenKind

// addScreenKind adds a kind of screen; it is called only from init.
func addScreenKind(rank int, sample func(ses *session) screen) {
	screenKinds = append(screenKinds, screenKind{rank, sample})
}

// referenceScreens is one sample of each kind of screen, in rank order.
// Only their commands are asked, so none gathers or draws anything (the
// groups screen gathers at its first refresh, which these never get).
func referenceScreens(ses *session) []screen {
	kinds := slices.SortedStableFunc(slices.Values(screenKinds), func(a, b screenKind) int { return cmp.Compare(a.rank, b.rank) })
	out := make([]screen, len(kinds))
	for i, k := range kinds {
		out[i] = k.sample(ses)
	}
	return out
}
