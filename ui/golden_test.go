package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// goldenSizes are the terminals the layout is pinned at: the smallest an
// SSH window usually is, two common ones, and a wide monitor.
var goldenSizes = [][2]int{{80, 24}, {100, 30}, {160, 45}, {200, 50}}

// TestGoldenScreens pins every screen and dialog, as the analyst reads
// them (text without colour: the dark theme, which the harness keeps, is
// the pinned profile), at each size: the rows, the grouped view, the
// details, the help, each dialog, the rows after a dispatch, and the
// request log opened on a request.
func TestGoldenScreens(t *testing.T) {
	for _, size := range goldenSizes {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			e := newEnv(t, simtenant.Options{SignIns: 90}, 2)
			h := newHarness(t, New(Config{Graph: e.client, Query: graph.DefaultQuery(testNow), Source: "test tenant",
				Now: func() time.Time { return testNow }, ExportDir: "/home/analyst/evidence"}), size[0], size[1])
			h.waitFor("the listing", func() bool { return !h.loading() })
			h.settle()
			var b strings.Builder
			shot := func(name string) { fmt.Fprintf(&b, "== %s\n%s\n", name, h.screen()) }

			selectFirst(h, 3)
			shot("rows, three selected")
			h.press(keys.Group)
			shot("grouped by user")
			h.press(keys.Group, keys.Top, keys.Details)
			shot("details")
			h.press(keys.Back, keys.Help)
			shot("help")
			h.press(keys.Help, keys.Export)
			shot("export dialog")
			h.press(keys.Cancel, keys.Query)
			shot("query editor")
			// The quit dialog is asked only while a request is in flight.
			h.press(keys.Cancel)
			h.m.dispatch.running, h.m.dispatch.verdict, h.m.dispatch.requests, h.m.dispatch.at = true, verdict("confirmSafe"), 2, 1
			h.press(keys.Quit)
			shot("quit dialog")
			h.m.pop()
			h.m.dispatch = dispatch{}
			h.press(safeKey)
			shot("confirm dialog")
			h.press(keys.Yes)
			shot("rows after the dispatch")
			h.press(keys.RequestLog, keys.Top, keys.Details)
			shot("request log, the first request opened")
			golden.RequireEqual(t, []byte(stripSpinner(b.String())))
		})
	}
}

// TestGoldenColours pins the colours too, as a 256-colour terminal gets
// them from the dark theme: the rows with a selection, a failure and a
// verdict, and the confirm dialog over them.
func TestGoldenColours(t *testing.T) {
	for _, size := range [][2]int{{80, 24}, {200, 50}} {
		t.Run(fmt.Sprintf("%dx%d", size[0], size[1]), func(t *testing.T) {
			e := newEnv(t, simtenant.Options{SignIns: 60}, 2)
			h := newHarness(t, New(Config{Graph: e.client, Query: graph.DefaultQuery(testNow), Source: "test tenant",
				Now: func() time.Time { return testNow }}), size[0], size[1])
			h.waitFor("the listing", func() bool { return !h.loading() })
			ids := selectFirst(h, 3)
			e.sim.InjectFault(simtenant.Fault{Action: "confirmSafe", IDs: ids[2:], Status: 503, RetryAfter: "0"})
			h.press(safeKey, keys.Yes)
			h.settle()
			var b strings.Builder
			w := &colorprofile.Writer{Forward: &b, Profile: colorprofile.ANSI256}
			fmt.Fprintf(&b, "== rows after a dispatch with a failure\n")
			w.WriteString(stripSpinner(h.m.View().Content))
			h.press(keys.Top, keys.Toggle, safeKey)
			fmt.Fprintf(&b, "\n== the confirm dialog\n")
			w.WriteString(stripSpinner(h.m.View().Content))
			golden.RequireEqual(t, []byte(b.String()))
		})
	}
}
