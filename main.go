// Command signin-triage is a keyboard-driven terminal UI for triaging risky
// Microsoft Entra sign-ins: list them through Microsoft Graph, select the
// false (or true) positives and mark them in bulk.
//
// main turns flags into a graph.Client (a real endpoint, or the simulated
// tenant for --demo), hands it to ui.New and runs the Bubble Tea program.
package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/auth"
	"github.com/signin-triage/signin-triage/graph/cloud"
	"github.com/signin-triage/signin-triage/graph/export"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/keymap"
	"github.com/signin-triage/signin-triage/ui"
	"github.com/signin-triage/signin-triage/ui/cli/config"
	"github.com/signin-triage/signin-triage/ui/cli/doctor"
	"github.com/signin-triage/signin-triage/ui/cli/headless"
	"github.com/signin-triage/signin-triage/ui/filter"
)

func main() {
	// fang's version is the module version alone; ours (version.go) names
	// the commit too, so fang's is left out.
	os.Exit(exitCode(fang.Execute(context.Background(), newRootCmd(os.LookupEnv),
		fang.WithoutVersion(), fang.WithErrorHandler(plainError))))
}

// Exit statuses, for every command (README): 0 all well; 1 a request
// failed or ended unknown, or an export stopped early; 2 bad usage or
// configuration; 128 + the signal when killed (ui.Run).
type exitStatus int

func (e exitStatus) Error() string   { return fmt.Sprintf("exit status %d", int(e)) }
func (e exitStatus) ExitStatus() int { return int(e) }

// usageError is a bad flag, config value or combination: exit status 2.
type usageError struct{ error }

func (e usageError) Unwrap() error { return e.error }

func exitCode(err error) int {
	var status interface{ ExitStatus() int }
	switch {
	case err == nil:
		return 0
	case errors.As(err, &status):
		return status.ExitStatus()
	case errors.As(err, &usageError{}), errors.As(err, &headless.UsageError{}), errors.As(err, &journal.UsageError{}):
		return 2
	}
	return 1
}

// plainError prints an error as one line that can be read in any terminal,
// copied into a ticket and grepped in a log. An exit status alone says
// nothing more: the session's record said it.
func plainError(w io.Writer, _ fang.Styles, err error) {
	var status interface{ ExitStatus() int }
	if !errors.As(err, &status) {
		fmt.Fprintf(w, "signin-triage: %v\n", err)
	}
}

// flagSpec describes one flag once: its name, which is also its config
// key and (through envName) its environment variable; its default and
// help; and the rule its value meets wherever it came from.
type flagSpec struct {
	name, def, usage string
	check            func(string) error
}

// flagSpecs is every flag of the command line but --config; the query's
// come from graph.QueryFields. A switch is a flag whose default is "false".
func flagSpecs() []flagSpec {
	fs := []flagSpec{
		{"demo", "false", "run against a simulated tenant built in (no sign-in, no real data)", config.IsBool},
		{"demo-signins", "250", "how many sign-ins the simulated tenant holds (1 to 100000)", config.InRange(1, 100000, "")},
		{"auth", string(auth.Device), "how to sign in: device, browser, azcli, env (app registration), managed, none (loopback only)", func(v string) error { _, err := auth.ParseMode(v); return err }},
		{"cloud", "global", "Microsoft cloud: " + strings.Join(cloud.Names(), ", "), func(v string) error { _, err := cloud.ByName(v); return err }},
		{"tenant", "", "tenant ID or domain (default organizations)", auth.CheckTenant},
		{"client-id", "", "app (client) ID to sign in with (default Microsoft Graph Command Line Tools)", config.AnyText},
		{"debug-log", "", "append a line per HTTP request to this file, credentials redacted", config.AnyText},
		{"export-dir", ".", "where the UI's exports (e) are written", config.AnyText},
		{"api", "v1.0", "Graph API version: v1.0, or beta (the one the confirmSafe page documents; needed for non-interactive sign-ins)", cloud.CheckAPI},
		{"graph-url", "", "Graph root with the version, overriding the cloud's (loopback proxies and test endpoints)", config.AnyText},
		{"batch-size", strconv.Itoa(graph.DefaultBatchSize), fmt.Sprintf("how many sign-in IDs one action request carries (1 to %d)", graph.MaxBatchSize), config.InRange(1, graph.MaxBatchSize, " (60 is the safe default)")},
		{"read-only", "false", "list and select only: every action is refused where it is sent", config.IsBool},
		{"dry-run", "false", "go through every step of an action and show the requests it would send, sending none", config.IsBool},
		{"pace-listing", "false", "pace the listing to Graph's 5 requests per 10 s even for --demo or a loopback --graph-url (always on for the real clouds)", config.IsBool},
		{"max-retry-wait", graph.DefaultMaxRetryAfter.String(), "the longest single wait a Retry-After from Graph is honoured for (1s to 10m)", config.DurationIn(time.Second, 10*time.Minute)},
		{"page-size", strconv.Itoa(graph.DefaultPageSize), fmt.Sprintf("how many sign-ins one listing page holds (%d to %d)", graph.MinPageSize, graph.MaxPageSize), config.InRange(graph.MinPageSize, graph.MaxPageSize, " (Graph refuses 1000)")},
	}
	for _, qf := range graph.QueryFields() {
		fs = append(fs, flagSpec{qf.Name, qf.Default, qf.Usage, func(v string) error { var q graph.Query; return qf.Set(&q, v) }})
	}
	return fs
}

func (f flagSpec) isSwitch() bool { return f.def == "false" }

// options are every flag's text, by name, and where state is kept.
type options struct {
	values   map[string]string
	config   string // the config file named by --config
	stateDir string // where saved sign-ins and the journal live; empty keeps none
	// noJournal leaves the journal unopened, and so refuses every action:
	// the doctor only reads, and opening the journal for a session would
	// seal its head and mark the requests it left open as reported.
	noJournal bool
	// clientIDFrom names the environment variable --client-id came from.
	clientIDFrom string
	// keys is the config file's keys: section, read with the flags.
	keys keymap.File
}

// defaultOptions has every flag at its default.
func defaultOptions() options {
	o := options{values: map[string]string{}}
	for _, f := range flagSpecs() {
		o.values[f.name] = f.def
	}
	return o
}

func (o options) get(name string) string { return o.values[name] }
func (o options) on(name string) bool    { v, _ := strconv.ParseBool(o.values[name]); return v }
func (o options) num(name string) int    { n, _ := strconv.Atoi(o.values[name]); return n }

// check applies every flag's rule: options built in code (tests) meet the
// same rules as those from the command line.
func (o options) check() error {
	for _, f := range flagSpecs() {
		if err := f.check(o.get(f.name)); err != nil {
			return fmt.Errorf("--%s %v", f.name, err)
		}
	}
	return nil
}

// newRootCmd builds the command line. env looks up environment variables
// (os.LookupEnv, or a map in tests).
func newRootCmd(env func(string) (string, bool)) *cobra.Command {
	o := defaultOptions()
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
		Version:       versionDetail(),
		SilenceUsage:  true,
		SilenceErrors: true,
		// Every command takes its flags from the environment and the config
		// file too, and keeps state in the same place.
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			o.stateDir = auth.StateDir(env)
			keys, err := config.Apply(cmd.Flags(), o.config, env)
			if err != nil {
				return usageError{err}
			}
			o.keys = keys
			o.clientIDFrom = clientIDSource(cmd.Flags(), env)
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			return run(cmd.Context(), o, cmd.OutOrStdout())
		},
	}
	f := cmd.PersistentFlags() // the export command takes them too
	f.StringVar(&o.config, "config", "", "config file with defaults for these flags (default "+config.DefaultPathHint+")")
	for _, spec := range flagSpecs() {
		usage := spec.usage + " [env " + config.EnvName(spec.name) + "]"
		if fl := f.VarPF(config.Flag{Values: o.values, Name: spec.name, Default: spec.def, Check: spec.check}, spec.name, "", usage); spec.isSwitch() {
			fl.NoOptDefVal = "true"
		}
	}
	// Logging out was a switch that any run could inherit from the
	// environment or the config file, and then log out and exit 0; it is
	// a command now, and a run that still asks for the switch stops (2).
	config.Retire(f, "logout", "to forget the saved sign-ins, run signin-triage auth logout")
	cmd.AddCommand(newExportCmd(&o), journal.Command(func() string { return journal.PathIn(o.stateDir, o.on("demo")) }))
	cmd.AddCommand(headless.Commands(graph.StandardVerdicts(), func(_ context.Context, errOut io.Writer) (*graph.Client, graph.Query, func(), error) {
		cfg, cleanup, err := configure(o, time.Now(), stderrPrompt(errOut))
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
	}, ui.CancelOnSignal, parseWhere)...)
	cmd.AddCommand(doctor.Command(func(_ context.Context, errOut io.Writer) (*graph.Client, doctor.Setup, func(), error) {
		reads := o
		reads.noJournal = true // the doctor reads the journal itself, and writes nothing
		cfg, cleanup, err := configure(reads, time.Now(), stderrPrompt(errOut))
		if err != nil {
			return nil, doctor.Setup{}, nil, err
		}
		for _, n := range cfg.Notices { // how the sign-in is made, before it is
			fmt.Fprintln(errOut, "signin-triage: "+sanitize.String(n))
		}
		mode, _ := auth.ParseMode(o.get("auth")) // checked by configure
		c, _ := cloud.ByName(o.get("cloud"))
		scopes := auth.Options{Mode: mode, Cloud: c, ReadOnly: o.on("read-only")}.Scopes()
		if o.on("demo") {
			scopes = nil // no sign-in
		}
		return cfg.Graph.(*graph.Client), doctor.Setup{Who: cfg.Source, Scopes: scopes, Query: cfg.Query, Beta: o.get("api") == "beta",
			Journal: journal.PathIn(o.stateDir, o.on("demo"))}, cleanup, nil
	}))
	cmd.AddCommand(newVersionCmd(), auth.Command(func() string { return auth.StateDir(env) }))
	cmd.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	refuseArguments(cmd)
	return cmd
}

// refuseArguments makes a word no command takes a usage error (exit 2)
// that says what to type instead, for every command: cobra's own errors
// for them are plain, which would exit 1, "a request failed". It replaces
// cobra's help command with one that refuses an unknown topic the same
// way, and adds the completion command now, so that its words are
// checked too.
func refuseArguments(root *cobra.Command) {
	root.SuggestionsMinimumDistance = 2
	root.SetHelpCommand(&cobra.Command{Use: "help [command]", Short: "Help about any command",
		RunE: func(c *cobra.Command, args []string) error {
			target, rest, _ := c.Root().Find(args)
			if len(rest) > 0 {
				return unknownCommand(target, rest[0])
			}
			return target.Help()
		}})
	root.InitDefaultCompletionCmd()
	var walk func(*cobra.Command)
	walk = func(c *cobra.Command) {
		switch {
		case c.HasSubCommands():
			// A group (journal, auth, completion) runs to show its help,
			// so that cobra checks its arguments first.
			if c.Run == nil && c.RunE == nil {
				c.RunE = func(c *cobra.Command, _ []string) error { return c.Help() }
			}
			c.Args = func(c *cobra.Command, args []string) error {
				if len(args) > 0 {
					return unknownCommand(c, args[0])
				}
				return nil
			}
		case c.Args != nil:
			takes := c.Args
			c.Args = func(c *cobra.Command, args []string) error {
				if takes(c, args) == nil {
					return nil
				}
				if c.Flags().Lookup("ids") != nil { // a verdict: confirm-safe, confirm-compromised, dismiss
					return usageError{fmt.Errorf("%s takes the sign-in IDs with --ids, not as arguments: --ids FILE (one ID a line, or a JSON array), or --ids - to read them from standard input (echo %s | %s --ids -)",
						c.CommandPath(), sanitize.String(args[0]), c.CommandPath())}
				}
				return usageError{fmt.Errorf("%s takes flags only, not %q (see %s --help)", c.CommandPath(), sanitize.String(args[0]), c.CommandPath())}
			}
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// unknownCommand is a word given where c expects one of its commands.
func unknownCommand(c *cobra.Command, word string) error {
	msg := fmt.Sprintf("unknown command %q for %s", sanitize.String(word), c.CommandPath())
	if s := c.SuggestionsFor(word); len(s) > 0 {
		msg += "; did you mean " + strings.Join(s, " or ") + "?"
	}
	if c == c.Root() && graph.IsSignInID(word) {
		msg += ": to act on sign-ins by ID, give them with --ids to confirm-safe, confirm-compromised or dismiss"
	}
	return usageError{fmt.Errorf("%s (see %s --help)", msg, c.CommandPath())}
}

// clientIDSource names the environment variable --client-id's value came
// from, or "" when it was given on the command line or in the config file
// (the environment beats the file: config.Apply), or not at all.
func clientIDSource(flags *pflag.FlagSet, env func(string) (string, bool)) string {
	name := config.EnvName("client-id")
	if v, ok := env(name); ok && v != "" && !flags.Changed("client-id") {
		return name
	}
	return ""
}

// parseWhere reads a headless --where in the live filter's words
// (filter.ParseScript: a filter that would keep everything is refused).
func parseWhere(text string) (headless.Where, error) {
	f, err := filter.ParseScript(text)
	if err != nil {
		return nil, err
	}
	return f.Match, nil
}

// newExportCmd is `signin-triage export`: the listing, without the UI,
// streamed to stdout as CSV or JSON for scripts and evidence.
func newExportCmd(o *options) *cobra.Command {
	var format, output string
	cmd := &cobra.Command{
		Use:   "export",
		Short: "Write the listed sign-ins to stdout as CSV or JSON, without the UI",
		Long: `export lists sign-ins with the same flags as the UI (--since, --cloud, --auth,
--api, ...) and streams them to stdout as each page arrives: every field, times
in RFC 3339 UTC. Memory holds one page, whatever the size of the tenant.`,
		Example: `  signin-triage export --demo --format json > signins.json
  signin-triage export --since 7d --cloud usgov > risky.csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			f, err := export.ParseFormat(format)
			if err != nil {
				return usageError{fmt.Errorf("--format %v", err)}
			}
			// A signal stops the export cleanly (no --output file is left)
			// and exits 128 + the signal.
			ctx, stop := ui.CancelOnSignal(cmd.Context())
			err = runExport(ctx, *o, f, output, cmd.OutOrStdout(), cmd.ErrOrStderr())
			if status := stop(); status != 0 {
				if err != nil {
					fmt.Fprintln(cmd.ErrOrStderr(), "signin-triage: "+err.Error())
				}
				return exitStatus(status)
			}
			return err
		},
	}
	cmd.Flags().StringVar(&format, "format", "csv", "output format: csv or json")
	cmd.Flags().StringVarP(&output, "output", "o", "", "write to this file, whole or not at all, instead of stdout")
	return cmd
}

// runExport streams the listing to out; the device code, if one is
// needed, and the count go to errOut.
func runExport(ctx context.Context, o options, f export.Format, output string, out, errOut io.Writer) error {
	cfg, cleanup, err := configure(o, time.Now(), stderrPrompt(errOut))
	if err != nil {
		return err
	}
	defer cleanup()
	return export.Run(ctx, cfg.Graph, cfg.Query, f, cfg.Notices, output, out, errOut)
}

// stderrPrompt shows a device code on errOut, for the commands without
// the UI.
func stderrPrompt(errOut io.Writer) func(auth.DeviceCode) {
	return func(d auth.DeviceCode) {
		fmt.Fprintf(errOut, "signin-triage: to sign in, open %s in any browser and enter the code %s\n", d.URL, d.Code)
	}
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
	cfg.KeyFile = o.keys
	model := ui.New(cfg)
	if err := model.CheckKeys(); err != nil {
		return usageError{err} // before the terminal is taken over, so that it can be read
	}
	program = tea.NewProgram(model, tea.WithContext(ctx), tea.WithoutSignalHandler())
	status, err := ui.Run(program, model, stdout)
	if err == nil && status != ui.ExitOK {
		err = exitStatus(status)
	}
	return err
}

// configure checks every option and builds what the UI needs. The returned
// cleanup stops the simulated tenant, if one was started. prompt shows a
// device code.
func configure(o options, now time.Time, prompt func(auth.DeviceCode)) (ui.Config, func(), error) {
	none := func() {}
	if err := o.check(); err != nil {
		return ui.Config{}, none, usageError{err}
	}
	q, _ := graph.QueryFromFields(o.values) // every field passed its rule above
	q.PageSize = o.num("page-size")
	if q.IncludeNonInteractive && o.get("api") != "beta" {
		return ui.Config{}, none, usageError{errors.New("--include-noninteractive needs --api beta: v1.0 lists interactive sign-ins only")}
	}

	// One action request a second: Identity Protection's limit per tenant.
	// The client and the UI are given the same verdict table.
	verdicts := graph.StandardVerdicts()
	opts := graph.Options{BatchSize: o.num("batch-size"), ReadOnly: o.on("read-only"), DryRun: o.on("dry-run"), Pace: time.Second, Verdicts: verdicts}
	opts.MaxRetryAfter, _ = time.ParseDuration(o.get("max-retry-wait")) // checked above
	opts.PaceListing = o.on("pace-listing") || (!o.on("demo") && auth.RequireLoopback(o.get("graph-url")) != nil)
	source, cleanup, epilogue := "", none, (func() []string)(nil)
	operator, notices := func() string { return "nobody (--auth none)" }, []string(nil)
	if o.on("demo") {
		n := o.num("demo-signins")
		sim, err := simtenant.Start(simtenant.Options{SignIns: n, NonInteractive: n / 4, Seed: 1, Now: now})
		if err != nil {
			return ui.Config{}, none, err
		}
		opts.BaseURL, source = sim.URLFor(o.get("api")), "demo: simulated tenant, no real data"
		cleanup = func() { sim.Close() }
		operator = func() string { return "demo" }
		epilogue = func() []string { return sim.Score().Lines() }
	} else {
		conn, err := auth.Connect(auth.Target{Auth: o.get("auth"), Cloud: o.get("cloud"), Tenant: o.get("tenant"),
			ClientID: o.get("client-id"), ClientIDFrom: o.clientIDFrom, API: o.get("api"), GraphURL: o.get("graph-url"), ReadOnly: o.on("read-only"),
			StateDir: o.stateDir, Prompt: prompt})
		if err != nil {
			return ui.Config{}, none, usageError{err} // a flag, or a combination of them, that cannot sign in
		}
		opts.BaseURL, opts.Auth, source, opts.NoRiskReads = conn.GraphURL, conn.Provider, conn.Source, conn.NoRiskReads
		notices = conn.Notices
		if conn.Session != nil {
			opts.SignInAgain = conn.Session.Reset
			operator = conn.Session.Operator
			notices = append(notices, conn.Session.Notices()...)
		}
	}
	cfg := ui.Config{Query: q.At(now), Source: source, Verdicts: verdicts, Epilogue: epilogue, ExportDir: o.get("export-dir"), Notices: notices}
	if path := o.get("debug-log"); path != "" {
		f, err := graph.OpenDebugLog(path)
		if err != nil {
			cleanup()
			return ui.Config{}, none, err
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
		return ui.Config{}, none, err
	}
	cfg.Graph = client
	return cfg, cleanup, nil
}
