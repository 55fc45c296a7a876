package cli

import (
	"cmp"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/auth"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/ui"
	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// configure checks every option and builds what the UI needs. The returned
// cleanup stops the simulated tenant, if one was started. prompt shows a
// device code.
func configure(o options, now time.Time, prompt func(auth.DeviceCode)) (ui.Config, func(), error) {
	cfg, _, cleanup, err := configureSession(o, now, prompt)
	return cfg, cleanup, err
}

// configureSession is configure, with the sign-in it made (nil for none:
// the demo, --auth none).
func configureSession(o options, now time.Time, prompt func(auth.DeviceCode)) (ui.Config, *auth.Session, func(), error) {
	none := func() {}
	var session *auth.Session
	if err := o.check(); err != nil {
		return ui.Config{}, nil, none, exit.UsageError{Err: err}
	}
	q, _ := graph.QueryFromFields(o.values) // every field passed its rule above
	q.PageSize = o.num("page-size")
	if q.IncludeNonInteractive && o.get("api") != "beta" {
		return ui.Config{}, nil, none, exit.UsageError{Err: errors.New("--include-noninteractive needs --api beta: v1.0 lists interactive sign-ins only")}
	}
	if o.num("demo-seed") != 1 && !o.on("demo") {
		return ui.Config{}, nil, none, exit.UsageError{Err: errors.New("--demo-seed picks a simulated tenant: add --demo")}
	}

	// One action request a second: Identity Protection's limit per tenant.
	// The client and the UI are given the same verdict table.
	verdicts := graph.StandardVerdicts()
	opts := graph.Options{BatchSize: o.num("batch-size"), ReadOnly: o.on("read-only"), DryRun: o.on("dry-run"), Pace: time.Second, Verdicts: verdicts}
	// The user actions are on when asked for, and always in the demo,
	// whose simulated tenant needs no permission.
	if o.on("user-actions") || o.on("demo") {
		opts.UserActions = graph.UserActions()
	}
	opts.MaxRetryAfter, _ = time.ParseDuration(o.get("max-retry-wait")) // checked above
	opts.PaceListing = o.on("pace-listing") || (!o.on("demo") && auth.RequireLoopback(o.get("graph-url")) != nil)
	source, cleanup, epilogue := "", none, (func() []string)(nil)
	operator, notices := func() string { return "nobody (--auth none)" }, []string(nil)
	if o.on("demo") {
		n, seed := o.num("demo-signins"), o.num("demo-seed")
		sim, err := simtenant.Start(simtenant.Options{SignIns: n, NonInteractive: n / 4, Seed: uint64(seed), Practice: true, Now: now})
		if err != nil {
			return ui.Config{}, nil, none, err
		}
		opts.BaseURL, source = sim.URLFor(o.get("api")), "demo: simulated tenant, no real data"
		if seed != 1 {
			source = fmt.Sprintf("demo: practice tenant %d, simulated, no real data", seed)
		}
		cleanup = func() { sim.Close() }
		operator = func() string { return "demo" }
		epilogue = func() []string { return append(sim.Score().Lines(), simtenant.IncidentLines(sim.Incidents())...) }
	} else {
		conn, err := auth.Connect(auth.Target{Auth: o.get("auth"), Cloud: o.get("cloud"), Tenant: o.get("tenant"),
			ClientID: o.get("client-id"), ClientIDFrom: o.clientIDFrom, API: o.get("api"), GraphURL: o.get("graph-url"), ReadOnly: o.on("read-only"),
			UserActions: o.on("user-actions"), StateDir: o.stateDir, Prompt: prompt})
		if err != nil {
			return ui.Config{}, nil, none, exit.UsageError{Err: err} // a flag, or a combination of them, that cannot sign in
		}
		opts.BaseURL, opts.Auth, source, opts.NoRiskReads = conn.GraphURL, conn.Provider, conn.Source, conn.NoRiskReads
		notices = conn.Notices
		if conn.Session != nil {
			opts.SignInAgain, session = conn.Session.Reset, conn.Session
			operator = conn.Session.Operator
			notices = append(notices, conn.Session.Notices()...)
		}
	}
	cfg := ui.Config{Query: q.At(now), Source: source, Verdicts: verdicts, Epilogue: epilogue, ExportDir: o.get("export-dir"), Notices: notices}
	if path := o.get("debug-log"); path != "" {
		f, err := graph.OpenDebugLog(path)
		if err != nil {
			cleanup()
			return ui.Config{}, nil, none, err
		}
		opts.DebugLog = f
		closeRest := cleanup
		cleanup = func() { f.Close(); closeRest() }
	}
	// No action without its journal: without one (no state directory), or
	// with one that does not verify, listing and export still work.
	// The journal records the tenant's ID once the client has asked Graph
	// for it (the client is built below, after the journal it records to).
	var client *graph.Client
	tenantID := func() string {
		if client == nil {
			return ""
		}
		return client.TenantID()
	}
	switch path := journal.PathIn(o.stateDir, o.on("demo")); {
	case o.on("read-only"):
	case o.noJournal:
		opts.ReadOnly, opts.ReadOnlyReason = true, "the doctor only reads"
	case path == "":
		opts.ReadOnly, opts.ReadOnlyReason = true, "no action journal: there is no state directory; set XDG_STATE_HOME to an absolute path, or HOME"
	default:
		j, notices, err := journal.OpenSession(path, journal.Where{Tenant: cmp.Or(o.get("tenant"), auth.DefaultTenant), Cloud: o.get("cloud"),
			Operator: operator, TenantID: tenantID})
		if err != nil {
			opts.ReadOnly, opts.ReadOnlyReason = true, err.Error()
			break
		}
		opts.Recorder, cfg.Journal, cfg.Notices = j, j, append(cfg.Notices, notices...)
		if !o.on("demo") { // the demo's tenant is new at every start: its past verdicts are not this one's
			// Keyed by the tenant's ID once Graph names it: organizations,
			// the domain and the GUID are one tenant's memory.
			opts.Memory = graph.NewMemoryFrom(j.Remembered)
		}
		closeSim := cleanup
		cleanup = func() { j.Close(); closeSim() }
	}
	var err error
	if client, err = graph.New(opts); err != nil {
		cleanup()
		return ui.Config{}, nil, none, err
	}
	cfg.Graph = client
	return cfg, session, cleanup, nil
}

// stderrPrompt shows a device code on errOut, for the commands without
// the UI.
func stderrPrompt(errOut io.Writer) func(auth.DeviceCode) {
	return func(d auth.DeviceCode) {
		fmt.Fprintf(errOut, "signin-triage: to sign in, open %s in any browser and enter the code %s\n", d.URL, d.Code)
	}
}
