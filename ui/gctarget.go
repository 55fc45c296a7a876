package ui

import (
	"runtime/debug"
	"runtime/metrics"

	tea "charm.land/bubbletea/v2"
)

// The garbage collector's target follows the listing. While one runs, the
// SDK's parsing makes garbage fast and every row loaded so far stays live
// (about 75 MB at 100,000); at Go's default (GOGC=100) each collection
// marks that live heap again, and loading 100,000 sign-ins took 1.1 to
// 1.2 times what the headless export takes, which holds none. Letting
// the heap grow to three times what is live (GOGC=200) brought it to
// 0.94 to 1.04 (docs/performance.md). Once the listing has ended
// (complete, stopped or failed) little garbage is made, and the higher
// target only kept memory resident: 316 to 351 MB at 100,000 sign-ins.
// So the target goes back to what it was, Go's default unless something
// set another, and the memory the collector freed is given back to the
// system, once a listing. A soft limit (gcLimit, set by Run for the whole
// session) makes collections eager again before the heap reaches it.
// GOGC or GOMEMLIMIT set in the environment are left as they are.
const (
	gcListing = 200
	gcLimit   = 1 << 30
)

// gcTarget moves the collector's target with the listing. A nil
// *gcTarget does nothing: only Run sets one, so that models it does not
// drive (tests, benchmarks) leave the process's collector alone.
type gcTarget struct {
	own     bool // GOGC is not set in the environment: the target is ours to move
	rest    int  // the target while no listing runs: what it was at start
	listing bool // the target is (or would be, not own) the listing's
}

// newGCTarget is a gcTarget for a process whose environment sets GOGC to
// gogcEnv ("" when it does not).
func newGCTarget(gogcEnv string) *gcTarget {
	return &gcTarget{own: gogcEnv == "", rest: gcPercent()}
}

// follow moves the target when the listing starts or ends; on every
// other message (keys included) it costs one comparison. When a listing
// ends it returns a command that gives the memory freed back to the
// system: a forced collection of a 100,000-row heap takes a while, and
// runs off the update loop.
func (g *gcTarget) follow(listing bool) tea.Cmd {
	if g == nil || listing == g.listing {
		return nil
	}
	g.listing = listing
	if listing {
		if g.own {
			debug.SetGCPercent(gcListing)
		}
		return nil
	}
	if g.own {
		debug.SetGCPercent(g.rest)
	}
	return freeOSMemory
}

func freeOSMemory() tea.Msg {
	debug.FreeOSMemory()
	return nil
}

// gcPercent is the collector's target as it stands (GOGC), read without
// changing it.
func gcPercent() int {
	s := []metrics.Sample{{Name: "/gc/gogc:percent"}}
	metrics.Read(s)
	if s[0].Value.Kind() != metrics.KindUint64 {
		return 100 // Go's default; the metric is there since Go 1.21
	}
	return int(s[0].Value.Uint64())
}
