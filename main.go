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

	"github.com/microsoft/kiota-abstractions-go/authentication"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/auth"
	"github.com/signin-triage/signin-triage/graph/cloud"
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
	cloud       string
	tenant      string
	clientID    string
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

Try it without a tenant: signin-triage --demo
Sign in to yours (a device code, works over SSH): signin-triage
Another cloud: signin-triage --cloud usgov`,
		Example: `  signin-triage --demo
  signin-triage --demo --since 7d --batch-size 20
  signin-triage --tenant contoso.onmicrosoft.com
  signin-triage --auth env --cloud china --read-only
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
	f.StringVar(&o.auth, "auth", string(auth.Device), "how to sign in: device, browser, azcli, env (app registration), managed, none (loopback only)")
	f.StringVar(&o.cloud, "cloud", "global", "Microsoft cloud: "+strings.Join(cloud.Names(), ", "))
	f.StringVar(&o.tenant, "tenant", "", "tenant ID or domain (env AZURE_TENANT_ID; default organizations)")
	f.StringVar(&o.clientID, "client-id", "", "app (client) ID to sign in with (env AZURE_CLIENT_ID; default Microsoft Graph Command Line Tools)")
	f.StringVar(&o.graphURL, "graph-url", "", "Graph root with the version, overriding the cloud's (loopback proxies and test endpoints)")
	f.StringVar(&o.since, "since", "30d", "how far back to list, e.g. 7d, 36h, 90m (at most 90d)")
	f.IntVar(&o.batchSize, "batch-size", graph.DefaultBatchSize, fmt.Sprintf("how many sign-in IDs one action request carries (1 to %d)", graph.MaxBatchSize))
	f.BoolVar(&o.readOnly, "read-only", false, "list and select only: every action is refused where it is sent")
	f.IntVar(&o.pageSize, "page-size", graph.DefaultPageSize, fmt.Sprintf("how many sign-ins one listing page holds (%d to %d)", graph.MinPageSize, graph.MaxPageSize))
	return cmd
}

// run validates the options, builds the client and runs the UI. When the UI
// ends it prints the session's record of what was sent.
func run(ctx context.Context, o options, stdout io.Writer) error {
	// The device code prompt arrives from the credential while the program
	// runs; it reaches the UI as a message.
	var program *tea.Program
	prompt := func(d auth.DeviceCode) {
		program.Send(ui.SignInPromptMsg{URL: d.URL, Code: d.Code, Message: d.Message})
	}
	cfg, cleanup, err := configure(o, time.Now(), prompt)
	if err != nil {
		return err
	}
	defer cleanup()
	model := ui.New(cfg)
	program = tea.NewProgram(model, tea.WithContext(ctx))
	if _, err := program.Run(); err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("the terminal UI failed: %w", err)
	}
	for _, line := range model.Record() {
		fmt.Fprintln(stdout, line)
	}
	return nil
}

// configure checks every option and builds what the UI needs. The returned
// cleanup stops the simulated tenant, if one was started. prompt shows a
// device code.
func configure(o options, now time.Time, prompt func(auth.DeviceCode)) (ui.Config, func(), error) {
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

	opts := graph.Options{BatchSize: o.batchSize, ReadOnly: o.readOnly}
	source, cleanup := "", none
	if o.demo {
		if o.demoSignIns < 1 || o.demoSignIns > 100000 {
			return ui.Config{}, none, fmt.Errorf("--demo-signins %d is out of range: use 1 to 100000", o.demoSignIns)
		}
		sim, err := simtenant.Start(simtenant.Options{SignIns: o.demoSignIns, Seed: 1, Now: now})
		if err != nil {
			return ui.Config{}, none, err
		}
		opts.BaseURL, source = sim.URL(), "demo: simulated tenant, no real data"
		cleanup = func() { sim.Close() }
	} else {
		opts.BaseURL, opts.Auth, source, err = signIn(o, prompt)
		if err != nil {
			return ui.Config{}, none, err
		}
	}
	client, err := graph.New(opts)
	if err != nil {
		cleanup()
		return ui.Config{}, none, err
	}
	return ui.Config{Graph: client, Query: q, Source: source}, cleanup, nil
}

// signIn picks the Graph URL and the token provider for --auth and --cloud.
func signIn(o options, prompt func(auth.DeviceCode)) (string, authentication.AuthenticationProvider, string, error) {
	mode, err := auth.ParseMode(o.auth)
	if err != nil {
		return "", nil, "", err
	}
	c, err := cloud.ByName(o.cloud)
	if err != nil {
		return "", nil, "", fmt.Errorf("--%v", err)
	}
	if mode == auth.None {
		if o.graphURL == "" {
			return "", nil, "", errors.New("--auth none needs a loopback --graph-url, like http://127.0.0.1:8080/v1.0")
		}
		if err := requireLoopback(o.graphURL); err != nil {
			return "", nil, "", err
		}
		return o.graphURL, nil, "no sign-in · " + o.graphURL, nil
	}
	graphURL := o.graphURL
	if graphURL == "" {
		graphURL = c.GraphURL("v1.0")
	}
	ao := auth.Options{
		Mode: mode, Cloud: c, ReadOnly: o.readOnly, Prompt: prompt,
		TenantID: firstOf(o.tenant, os.Getenv("AZURE_TENANT_ID")),
		ClientID: firstOf(o.clientID, os.Getenv("AZURE_CLIENT_ID")),
	}
	cred, err := auth.NewCredential(ao)
	if err != nil {
		return "", nil, "", err
	}
	provider, err := auth.NewProvider(cred, ao.Scopes(), c, graphURL)
	if err != nil {
		return "", nil, "", err
	}
	return graphURL, provider, fmt.Sprintf("%s cloud · --auth %s", c.Title, mode), nil
}

func firstOf(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
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
