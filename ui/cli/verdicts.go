package cli

import (
	"context"
	"fmt"
	"io"
	"maps"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/ui/cli/headless"
	"github.com/signin-triage/signin-triage/ui/filter"
)

// parseWhere reads a headless --where in the live filter's words
// (filter.ParseScript: a filter that would keep everything is refused).
func parseWhere(text string) (headless.Where, error) {
	f, err := filter.ParseScript(text)
	if err != nil {
		return headless.Where{}, err
	}
	return headless.Where{Keep: f.Match, Networks: f.Uses("net")}, nil
}

// openUserActions opens the client of a user action's command: as
// openVerdicts, with the user actions on (running the command asks for
// them).
func openUserActions(o *options) headless.Opener {
	return func(ctx context.Context, errOut io.Writer) (*graph.Client, graph.Query, func(), error) {
		on := *o
		on.values = maps.Clone(o.values)
		on.values["user-actions"] = "true"
		return openVerdicts(&on)(ctx, errOut)
	}
}

// openVerdicts opens the client of a verdict command from o, once the
// flags are in, and says on errOut what a session says first.
func openVerdicts(o *options) headless.Opener {
	return func(_ context.Context, errOut io.Writer) (*graph.Client, graph.Query, func(), error) {
		cfg, cleanup, err := configure(*o, time.Now(), stderrPrompt(errOut))
		if err != nil {
			return nil, graph.Query{}, nil, err
		}
		// What a session says first: the requests an earlier run left
		// without an outcome (now marked reported), how sign-ins are kept.
		for _, n := range cfg.Notices {
			fmt.Fprintln(errOut, "signin-triage: "+sanitize.String(n))
		}
		if cfg.Epilogue != nil { // the demo's score, after the summary
			closeSim := cleanup
			cleanup = func() {
				for _, l := range cfg.Epilogue() {
					fmt.Fprintln(errOut, "signin-triage: "+l)
				}
				closeSim()
			}
		}
		return cfg.Graph.(*graph.Client), cfg.Query, cleanup, nil
	}
}
