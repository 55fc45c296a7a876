package ui

import (
	"io"
	"runtime/debug"
	"runtime/metrics"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// forcedGCs is how many collections were forced so far (runtime.GC,
// debug.FreeOSMemory).
func forcedGCs() uint64 {
	s := []metrics.Sample{{Name: "/gc/cycles/forced:gc-cycles"}}
	metrics.Read(s)
	return s[0].Value.Uint64()
}

// collectorAt starts a test at GC target percent (GOGC unset in the
// environment), and gives the process its own back after.
func collectorAt(t *testing.T, percent int) {
	t.Setenv("GOGC", "")
	t.Setenv("GOMEMLIMIT", "")
	limit := debug.SetMemoryLimit(-1) // Run sets one: reading it changes nothing
	old := debug.SetGCPercent(percent)
	t.Cleanup(func() {
		debug.SetGCPercent(old)
		debug.SetMemoryLimit(limit)
	})
}

// waitUntil polls cond for up to 20 s.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); !cond(); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s (GOGC now %d)", what, gcPercent())
		}
	}
}

// TestRunRestsTheCollectorAfterTheListing: the program as main runs it
// (ui.Run) collects at GOGC=200 while it lists, and once the listing has
// ended goes back to Go's default and gives freed memory back to the
// system, once. It kept 200 for good: 316 to 351 MB resident at 100,000
// sign-ins (issue 20).
func TestRunRestsTheCollectorAfterTheListing(t *testing.T) {
	collectorAt(t, 100)
	e := newEnv(t, simtenant.Options{SignIns: 3000}, 0)
	release := e.sim.HoldPage(2) // the listing stays under way until released
	m := New(Config{Graph: e.client, Query: graph.Query{PageSize: graph.DefaultPageSize}, Source: "test tenant", Now: func() time.Time { return testNow }})
	p := tea.NewProgram(m, tea.WithInput(nil), tea.WithOutput(io.Discard), tea.WithWindowSize(120, 40), tea.WithoutSignalHandler())
	ran := make(chan struct{})
	go func() {
		defer close(ran)
		Run(p, m, io.Discard) //nolint:errcheck // the test looks at the collector, not the exit
	}()
	t.Cleanup(func() {
		release()
		p.Quit()
		<-ran
	})
	waitUntil(t, "GOGC=200 while listing", func() bool { return gcPercent() == gcListing })
	forced := forcedGCs()
	release()
	waitUntil(t, "GOGC back at 100 once the listing ended", func() bool { return gcPercent() == 100 })
	waitUntil(t, "memory given back to the system", func() bool { return forcedGCs() > forced })
}

// TestTheCollectorFollowsEachListing: every listing raises the target
// and its end (complete or failed) puts it back and frees memory once;
// keys in between force no collection; a GOGC set in the environment is
// never moved.
func TestTheCollectorFollowsEachListing(t *testing.T) {
	collectorAt(t, 100)
	e := newEnv(t, simtenant.Options{SignIns: 300}, 0)
	m := e.model(graph.Query{PageSize: graph.DefaultPageSize})
	m.gc = newGCTarget("")
	forced := forcedGCs()
	h := newHarness(t, m, 120, 40)
	if got := gcPercent(); got != gcListing {
		t.Errorf("GOGC=%d while listing, want %d", got, gcListing)
	}
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	if got, n := gcPercent(), forcedGCs()-forced; got != 100 || n != 1 {
		t.Errorf("after the listing: GOGC=%d and %d forced collections, want 100 and 1", got, n)
	}
	for range 20 {
		h.press(keys.Down)
	}
	h.settle()
	if n := forcedGCs() - forced; n != 1 {
		t.Errorf("keys after the listing: %d forced collections in all, want 1", n)
	}
	// A reload whose listing fails: raised, then back.
	e.sim.InjectFault(simtenant.Fault{Action: "list", Status: 400, Code: "BadRequest", Message: "no"})
	h.key(keys.Reload)
	h.waitFor("the listing to fail", func() bool { return !h.loading() })
	h.settle()
	if got, n := gcPercent(), forcedGCs()-forced; got != 100 || n != 2 {
		t.Errorf("after a failed listing: GOGC=%d and %d forced collections, want 100 and 2", got, n)
	}

	// GOGC in the environment: the target is the user's.
	debug.SetGCPercent(77)
	m2 := e.model(graph.Query{PageSize: graph.DefaultPageSize})
	m2.gc = newGCTarget("77")
	h2 := newHarness(t, m2, 120, 40)
	if got := gcPercent(); got != 77 {
		t.Errorf("with GOGC=77 set, GOGC=%d while listing", got)
	}
	h2.waitFor("the listing to fail", func() bool { return !h2.loading() })
	h2.settle()
	if got := gcPercent(); got != 77 {
		t.Errorf("with GOGC=77 set, GOGC=%d after the listing", got)
	}
}
