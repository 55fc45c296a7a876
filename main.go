// Command signin-triage is a keyboard-driven terminal UI for triaging risky
// Microsoft Entra sign-ins: list them through Microsoft Graph, select the
// false (or true) positives and mark them in bulk.
//
// main turns flags into a graph.Client (a real endpoint, or the simulated
// tenant for --demo), hands it to ui.New and runs the Bubble Tea program.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/url"
	"os"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/ui"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// options are the command line's values.
type options struct {
	demo        bool
	demoSignIns int
	graphURL    string
	auth        string
	since       string
	batchSize   int
	pageSize    int
	readOnly    bool
}

func main() {
	err := fang.Execute(context.Background(), newRootCmd(),
		fang.WithVersion(version), fang.WithErrorHandler(plainError))
	if err != nil {
		os.Exit(1)
	}
}

// plainError prints an error as one line that can be read in any terminal,
// copied into a ticket and grepped in a log.
func plainError(w io.Writer, _ fang.Styles, err error) {
	fmt.Fprintf(w, "signin-triage: %v\n", err)
}

func newRootCmd() *cobra.Command {
	var o options
	cmd := &cobra.Command{
		Use:   "signin-triage",
		Short: "Triage risky Microsoft Entra sign-ins from the keyboard",
		Long: `signin-triage lists risky sign-ins through Microsoft Graph, lets you select
them in bulk and marks them (confirm safe), sending one request per batch and
showing exactly what was sent and what Graph answered.

Try it without a tenant: signin-triage --demo`,
		Example: `  signin-triage --demo
  signin-triage --demo --since 7d --batch-size 20
  signin-triage --auth none --graph-url http://127.0.0.1:8080/v1.0`,
		Args:          cobra.NoArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(cmd.Context(), o, cmd.OutOrStdout())
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.demo, "demo", false, "run against a simulated tenant built in (no sign-in, no real data)")
	f.IntVar(&o.demoSignIns, "demo-signins", 250, "how many sign-ins the simulated tenant holds (1 to 100000)")
	f.StringVar(&o.graphURL, "graph-url", graph.DefaultBaseURL, "Graph root including the version, for proxies and test endpoints")
	f.StringVar(&o.auth, "auth", "", `how to sign in; only "none" exists yet (no token, loopback --graph-url only)`)
	f.StringVar(&o.since, "since", "30d", "how far back to list, e.g. 7d, 36h, 90m (at most 90d)")
	f.IntVar(&o.batchSize, "batch-size", graph.DefaultBatchSize, fmt.Sprintf("how many sign-in IDs one action request carries (1 to %d)", graph.MaxBatchSize))
	f.BoolVar(&o.readOnly, "read-only", false, "list and select only: every action is refused where it is sent")
	f.IntVar(&o.pageSize, "page-size", graph.DefaultPageSize, fmt.Sprintf("how many sign-ins one listing page holds (%d to %d)", graph.MinPageSize, graph.MaxPageSize))
	return cmd
}

// run validates the options, builds the client and runs the UI. When the UI
// ends it prints the session's record of what was sent.
func run(ctx context.Context, o options, stdout io.Writer) error {
	cfg, cleanup, err := configure(o, time.Now())
	if err != nil {
		return err
	}
	defer cleanup()
	model := ui.New(cfg)
	if _, err := tea.NewProgram(model, tea.WithContext(ctx)).Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("the terminal UI failed: %w", err)
	}
	for _, line := range model.Record() {
		fmt.Fprintln(stdout, line)
	}
	return nil
}

// configure checks every option and builds what the UI needs. The returned
// cleanup stops the simulated tenant, if one was started.
func configure(o options, now time.Time) (ui.Config, func(), error) {
	none := func() {}
	window, err := parseSince(o.since)
	if err != nil {
		return ui.Config{}, none, err
	}
	if o.pageSize < graph.MinPageSize || o.pageSize > graph.MaxPageSize {
		return ui.Config{}, none, fmt.Errorf("--page-size %d is out of range: Graph accepts %d to %d", o.pageSize, graph.MinPageSize, graph.MaxPageSize)
	}
	if o.batchSize < 1 || o.batchSize > graph.MaxBatchSize {
		return ui.Config{}, none, fmt.Errorf("--batch-size %d is out of range: use 1 to %d (60 is the safe default)", o.batchSize, graph.MaxBatchSize)
	}
	q := graph.DefaultQuery(now)
	q.Since, q.PageSize = now.Add(-window), o.pageSize

	baseURL, source, cleanup := o.graphURL, "", none
	switch {
	case o.demo:
		if o.demoSignIns < 1 || o.demoSignIns > 100000 {
			return ui.Config{}, none, fmt.Errorf("--demo-signins %d is out of range: use 1 to 100000", o.demoSignIns)
		}
		sim, err := simtenant.Start(simtenant.Options{SignIns: o.demoSignIns, Seed: 1, Now: now})
		if err != nil {
			return ui.Config{}, none, err
		}
		baseURL, source = sim.URL(), "demo: simulated tenant, no real data"
		cleanup = func() { sim.Close() }
	case o.auth == "none":
		if err := requireLoopback(o.graphURL); err != nil {
			return ui.Config{}, none, err
		}
		source = "no sign-in · " + o.graphURL
	case o.auth == "":
		return ui.Config{}, none, errors.New("signing in to a real tenant is not built yet: run with --demo, or with --auth none and a loopback --graph-url")
	default:
		return ui.Config{}, none, fmt.Errorf(`--auth %q is not known: only "none" exists yet (and --demo needs no --auth)`, o.auth)
	}
	client, err := graph.New(graph.Options{BaseURL: baseURL, BatchSize: o.batchSize, ReadOnly: o.readOnly})
	if err != nil {
		cleanup()
		return ui.Config{}, none, err
	}
	return ui.Config{Graph: client, Query: q, Source: source}, cleanup, nil
}

// maxSince is the longest window worth asking for: risky sign-ins are kept
// 90 days on Entra ID P2.
const maxSince = 90 * 24 * time.Hour

// parseSince reads a time window: Nd (days), or anything time.ParseDuration
// takes (36h, 90m, 1h30m).
func parseSince(s string) (time.Duration, error) {
	bad := fmt.Errorf("--since %q is not a window: use days or hours like 7d, 36h or 90m, at most 90d", s)
	var d time.Duration
	if days, ok := strings.CutSuffix(s, "d"); ok {
		n, err := strconv.Atoi(days)
		if err != nil {
			return 0, bad
		}
		d = time.Duration(n) * 24 * time.Hour
	} else {
		var err error
		if d, err = time.ParseDuration(s); err != nil {
			return 0, bad
		}
	}
	if d <= 0 || d > maxSince {
		return 0, bad
	}
	return d, nil
}

// requireLoopback refuses to send tokenless requests anywhere but this
// machine: --auth none exists for local test endpoints and proxies.
func requireLoopback(raw string) error {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return fmt.Errorf("--graph-url %q is not a URL like http://127.0.0.1:8080/v1.0", raw)
	}
	host := u.Hostname()
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("--auth none sends no token, so it is allowed only for a loopback --graph-url (localhost, 127.0.0.1, ::1), not %q", host)
}
