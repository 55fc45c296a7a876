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
	"io/fs"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"charm.land/fang/v2"
	"github.com/spf13/cobra"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/microsoft/kiota-abstractions-go/authentication"
	"github.com/spf13/pflag"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/auth"
	"github.com/signin-triage/signin-triage/graph/cloud"
	"github.com/signin-triage/signin-triage/graph/export"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/sanitize"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/ui"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

// options are the command line's values.
type options struct {
	config      string
	demo        bool
	demoSignIns int
	graphURL    string
	auth        string
	cloud       string
	tenant      string
	clientID    string
	api         string
	logout      bool
	debugLog    string
	stateDir    string // where saved sign-ins live; empty saves none
	// query is each query field's text, by the field's name (see
	// graph.QueryFields); a field not in it takes its default.
	query     map[string]string
	batchSize int
	pageSize  int
	readOnly  bool
	dryRun    bool
}

func main() {
	err := fang.Execute(context.Background(), newRootCmd(os.LookupEnv),
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

// newRootCmd builds the command line. env looks up environment variables
// (os.LookupEnv, or a map in tests).
func newRootCmd(env func(string) (string, bool)) *cobra.Command {
	o := options{query: map[string]string{}}
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
			if err := applySources(cmd.Flags(), o.config, env); err != nil {
				return err
			}
			if o.logout {
				return logout(cmd.OutOrStdout(), stateDir(env))
			}
			o.stateDir = stateDir(env)
			return run(cmd.Context(), o, cmd.OutOrStdout())
		},
	}
	f := cmd.PersistentFlags() // the export command takes them too
	f.StringVar(&o.config, "config", "", "config file with defaults for these flags (default "+defaultConfigHint+")")
	f.BoolVar(&o.demo, "demo", false, "run against a simulated tenant built in (no sign-in, no real data)")
	f.IntVar(&o.demoSignIns, "demo-signins", 250, "how many sign-ins the simulated tenant holds (1 to 100000)")
	f.StringVar(&o.auth, "auth", string(auth.Device), "how to sign in: device, browser, azcli, env (app registration), managed, none (loopback only)")
	f.StringVar(&o.cloud, "cloud", "global", "Microsoft cloud: "+strings.Join(cloud.Names(), ", "))
	f.StringVar(&o.tenant, "tenant", "", "tenant ID or domain (default organizations)")
	f.StringVar(&o.clientID, "client-id", "", "app (client) ID to sign in with (default Microsoft Graph Command Line Tools)")
	f.StringVar(&o.debugLog, "debug-log", "", "append a line per HTTP request to this file, credentials redacted")
	f.BoolVar(&o.logout, "logout", false, "forget the saved sign-ins (who signed in, kept for the next run) and exit")
	f.StringVar(&o.api, "api", "v1.0", "Graph API version: v1.0, or beta (the one the confirmSafe page documents; needed for non-interactive sign-ins)")
	f.StringVar(&o.graphURL, "graph-url", "", "Graph root with the version, overriding the cloud's (loopback proxies and test endpoints)")
	for _, qf := range graph.QueryFields() {
		o.query[qf.Name] = qf.Default
		fl := f.VarPF(queryFlag{o.query, qf}, qf.Name, "", qf.Usage)
		if qf.Switch {
			fl.NoOptDefVal = "true"
		}
	}
	f.IntVar(&o.batchSize, "batch-size", graph.DefaultBatchSize, fmt.Sprintf("how many sign-in IDs one action request carries (1 to %d)", graph.MaxBatchSize))
	f.BoolVar(&o.readOnly, "read-only", false, "list and select only: every action is refused where it is sent")
	f.BoolVar(&o.dryRun, "dry-run", false, "go through every step of an action and show the requests it would send, sending none")
	f.IntVar(&o.pageSize, "page-size", graph.DefaultPageSize, fmt.Sprintf("how many sign-ins one listing page holds (%d to %d)", graph.MinPageSize, graph.MaxPageSize))
	f.VisitAll(func(fl *pflag.Flag) {
		if name := envName(fl.Name); name != "" {
			fl.Usage += " [env " + name + "]"
		}
	})
	cmd.AddCommand(newExportCmd(&o, env), newJournalCmd(&o, env))
	return cmd
}

// newExportCmd is `signin-triage export`: the listing, without the UI,
// streamed to stdout as CSV or JSON for scripts and evidence.
func newExportCmd(o *options, env func(string) (string, bool)) *cobra.Command {
	var format string
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
			if err := applySources(cmd.Flags(), o.config, env); err != nil {
				return err
			}
			f, err := export.ParseFormat(format)
			if err != nil {
				return fmt.Errorf("--format %v", err)
			}
			o.stateDir = stateDir(env)
			return runExport(cmd.Context(), *o, f, cmd.OutOrStdout(), cmd.ErrOrStderr())
		},
	}
	cmd.Flags().StringVar(&format, "format", "csv", "output format: csv or json")
	return cmd
}

// newJournalCmd is `signin-triage journal verify|tail`.
func newJournalCmd(o *options, env func(string) (string, bool)) *cobra.Command {
	var file string
	var n int
	path := func() string {
		if file != "" {
			return file
		}
		o.stateDir = stateDir(env)
		return journalPath(*o)
	}
	cmd := &cobra.Command{
		Use:   "journal",
		Short: "Check or show the record of every action sent",
		Long: `Every action request is recorded before it goes out (an intent) and after (its
outcome) in a journal of JSON lines, each carrying the hash of the one before.
verify checks that no line was removed or edited; tail shows the last ones.`,
	}
	cmd.PersistentFlags().StringVar(&file, "file", "", "journal to read (default: this machine's, or the demo's with --demo)")
	verify := &cobra.Command{
		Use:   "verify",
		Short: "Check that no line of the journal was removed or edited",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			p := path()
			if _, err := os.Stat(p); errors.Is(err, fs.ErrNotExist) {
				fmt.Fprintf(cmd.OutOrStdout(), "signin-triage: no journal at %s: no action was sent from here yet.\n", p)
				return nil
			}
			count, err := journal.Verify(p)
			if err != nil {
				return fmt.Errorf("journal %s does not verify: %w", p, err)
			}
			fmt.Fprintf(cmd.OutOrStdout(), "signin-triage: %s verifies: %d records, none removed or edited.\n", p, count)
			return nil
		},
	}
	tail := &cobra.Command{
		Use:   "tail",
		Short: "Show the last actions recorded",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			recs, err := journal.ReadFile(path())
			if err != nil {
				return fmt.Errorf("reading the journal: %w", err)
			}
			for _, r := range recs[max(len(recs)-n, 0):] {
				fmt.Fprintln(cmd.OutOrStdout(), describeRecord(r))
			}
			return nil
		},
	}
	tail.Flags().IntVarP(&n, "lines", "n", 20, "how many records to show")
	cmd.AddCommand(verify, tail)
	return cmd
}

// describeRecord is one journal record on one line.
func describeRecord(r journal.Record) string {
	text := fmt.Sprintf("%s  #%d %-7s %s %s  %d sign-ins  by %s",
		r.Time.Format("2006-01-02 15:04:05Z"), r.Seq, r.Kind, r.Request, r.Action, len(r.IDs), r.Operator)
	if r.Kind == journal.Outcome {
		text += fmt.Sprintf("  -> %s", r.Outcome)
		if r.Status != 0 {
			text += fmt.Sprintf(" (HTTP %d)", r.Status)
		}
		if r.Error != "" {
			text += ": " + r.Error
		}
	}
	return sanitize.String(text)
}

// runExport streams the listing to out; the device code, if one is
// needed, and the count go to errOut.
func runExport(ctx context.Context, o options, f export.Format, out, errOut io.Writer) error {
	prompt := func(d auth.DeviceCode) {
		fmt.Fprintf(errOut, "signin-triage: to sign in, open %s in any browser and enter the code %s\n", d.URL, d.Code)
	}
	cfg, cleanup, err := configure(o, time.Now(), prompt)
	if err != nil {
		return err
	}
	defer cleanup()
	n, err := export.Stream(ctx, cfg.Graph, cfg.Query, out, f)
	if err != nil {
		return fmt.Errorf("the export stopped after %d sign-ins: %w", n, err)
	}
	fmt.Fprintf(errOut, "signin-triage: exported %d sign-ins (%s).\n", n, f)
	return nil
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
	checks := [][2]string{{"page-size", strconv.Itoa(o.pageSize)}, {"batch-size", strconv.Itoa(o.batchSize)},
		{"api", o.api}, {"tenant", o.tenant}}
	if o.demo {
		checks = append(checks, [2]string{"demo-signins", strconv.Itoa(o.demoSignIns)})
	}
	for _, c := range checks {
		if err := checkValue(c[0], c[1]); err != nil {
			return ui.Config{}, none, fmt.Errorf("--%s %v", c[0], err)
		}
	}
	q, err := graph.QueryFromFields(o.query)
	if fe := (*graph.FieldError)(nil); errors.As(err, &fe) {
		return ui.Config{}, none, fmt.Errorf("--%s %v", fe.Field.Name, fe.Err)
	}
	q.PageSize = o.pageSize
	if q.IncludeNonInteractive && o.api != "beta" {
		return ui.Config{}, none, errors.New("--include-noninteractive needs --api beta: v1.0 lists interactive sign-ins only")
	}

	// One action request a second: Identity Protection's limit per tenant.
	// The client and the UI are given the same verdict table.
	verdicts := graph.StandardVerdicts()
	opts := graph.Options{BatchSize: o.batchSize, ReadOnly: o.readOnly, DryRun: o.dryRun, Pace: time.Second, Verdicts: verdicts}
	source, cleanup := "", none
	operator := func() string { return "nobody (--auth none)" }
	if o.demo {
		sim, err := simtenant.Start(simtenant.Options{SignIns: o.demoSignIns, NonInteractive: o.demoSignIns / 4, Seed: 1, Now: now})
		if err != nil {
			return ui.Config{}, none, err
		}
		opts.BaseURL, source = sim.URLFor(o.api), "demo: simulated tenant, no real data"
		cleanup = func() { sim.Close() }
		operator = func() string { return "demo" }
	} else {
		var session *auth.Session
		opts.BaseURL, opts.Auth, session, source, err = signIn(o, prompt)
		if err != nil {
			return ui.Config{}, none, err
		}
		if session != nil {
			opts.SignInAgain = session.Reset
			operator = session.Operator
		}
	}
	cfg := ui.Config{Query: q.At(now), Source: source, Verdicts: verdicts}
	if o.debugLog != "" {
		f, err := os.OpenFile(o.debugLog, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
		if err != nil {
			cleanup()
			return ui.Config{}, none, fmt.Errorf("--debug-log: %w", err)
		}
		opts.DebugLog = f
		closeRest := cleanup
		cleanup = func() { f.Close(); closeRest() }
	}
	j, notices, err := openJournal(o, operator)
	if err != nil {
		cleanup()
		return ui.Config{}, none, err
	}
	if j != nil {
		opts.Recorder = j
		cfg.Journal = j
		cfg.Notices = notices
		closeSim := cleanup
		cleanup = func() { j.Close(); closeSim() }
	}
	client, err := graph.New(opts)
	if err != nil {
		cleanup()
		return ui.Config{}, none, err
	}
	cfg.Graph = client
	return cfg, cleanup, nil
}

// journalPath is where actions are recorded; the demo keeps its own, so
// that simulated actions never mix with real ones.
func journalPath(o options) string {
	if o.stateDir == "" {
		return ""
	}
	if o.demo {
		return filepath.Join(o.stateDir, "journal-demo.jsonl")
	}
	return filepath.Join(o.stateDir, "journal.jsonl")
}

// openJournal opens the action journal and reports, once, the requests a
// previous run sent without recording how they ended.
func openJournal(o options, operator func() string) (*journal.Journal, []string, error) {
	path := journalPath(o)
	if path == "" || o.readOnly {
		return nil, nil, nil
	}
	j, err := journal.Open(path)
	if err != nil {
		return nil, nil, err
	}
	j.Tenant, j.Cloud, j.Operator = cmp.Or(o.tenant, auth.DefaultTenant), o.cloud, operator
	recs, err := journal.ReadFile(path)
	if err != nil {
		j.Close()
		return nil, nil, err
	}
	var notices []string
	for _, p := range journal.Pending(recs) {
		notices = append(notices, fmt.Sprintf("The journal shows %s for %d sign-ins sent at %s with no recorded outcome (the program stopped while it was in flight): Graph may or may not have applied it; check these sign-ins before retrying: %s",
			p.Action, len(p.IDs), p.Time.Format("2006-01-02 15:04:05 UTC"), strings.Join(p.IDs, ", ")))
		// Reported now: recorded as unknown so the next start does not
		// report it again.
		if _, err := j.Append(journal.Record{Kind: journal.Outcome, Request: p.Request, Action: p.Action, IDs: p.IDs,
			Outcome: "unknown", Error: "no outcome recorded: reported at the next start"}); err != nil {
			j.Close()
			return nil, nil, err
		}
	}
	return j, notices, nil
}

// signIn picks the Graph URL and the token provider for --auth and --cloud.
// The session is nil for --auth none.
func signIn(o options, prompt func(auth.DeviceCode)) (string, authentication.AuthenticationProvider, *auth.Session, string, error) {
	mode, err := auth.ParseMode(o.auth)
	if err != nil {
		return "", nil, nil, "", fmt.Errorf("--auth %v", err)
	}
	c, err := cloud.ByName(o.cloud)
	if err != nil {
		return "", nil, nil, "", fmt.Errorf("--cloud %v", err)
	}
	if mode == auth.None {
		if o.graphURL == "" {
			return "", nil, nil, "", errors.New("--auth none needs a loopback --graph-url, like http://127.0.0.1:8080/v1.0")
		}
		if err := requireLoopback(o.graphURL); err != nil {
			return "", nil, nil, "", err
		}
		return o.graphURL, nil, nil, "no sign-in · " + o.graphURL, nil
	}
	graphURL := o.graphURL
	if graphURL == "" {
		graphURL = c.GraphURL(o.api)
	}
	ao := auth.Options{
		Mode: mode, Cloud: c, ReadOnly: o.readOnly, Prompt: prompt,
		TenantID: o.tenant,
		ClientID: o.clientID,
		// Who signed in is kept per cloud, tenant and app: a record of one
		// never serves another.
		RecordPath: recordPath(o.stateDir, c.Name, o.tenant, o.clientID),
		Persistent: o.stateDir != "",
	}
	session, err := auth.NewSession(ao)
	if err != nil {
		return "", nil, nil, "", err
	}
	provider, err := auth.NewProvider(session, ao.Scopes(), c, graphURL)
	if err != nil {
		return "", nil, nil, "", err
	}
	return graphURL, provider, session, fmt.Sprintf("%s cloud · --auth %s", c.Title, mode), nil
}

// stateDir is where signin-triage keeps state between runs:
// $XDG_STATE_HOME/signin-triage, else ~/.local/state/signin-triage.
func stateDir(env func(string) (string, bool)) string {
	if d, ok := env("XDG_STATE_HOME"); ok && filepath.IsAbs(d) {
		return filepath.Join(d, "signin-triage")
	}
	home, err := os.UserHomeDir()
	if err != nil {
		return ""
	}
	return filepath.Join(home, ".local", "state", "signin-triage")
}

// recordPath names the saved sign-in for one cloud, tenant and app.
func recordPath(dir, cloudName, tenant, clientID string) string {
	if dir == "" {
		return ""
	}
	clean := func(s, def string) string {
		if s == "" {
			return def
		}
		return strings.Map(func(r rune) rune {
			if r == '/' || r == '\\' || r == os.PathSeparator || r < ' ' {
				return '_'
			}
			return r
		}, s)
	}
	name := fmt.Sprintf("signin-%s-%s-%s.json", cloudName, clean(tenant, auth.DefaultTenant), clean(clientID, "default-client"))
	return filepath.Join(dir, name)
}

// logout forgets every saved sign-in.
func logout(w io.Writer, dir string) error {
	if dir == "" {
		fmt.Fprintln(w, "signin-triage: no saved sign-ins (no state directory).")
		return nil
	}
	records, _ := filepath.Glob(filepath.Join(dir, "signin-*.json"))
	for _, r := range records {
		if err := auth.Forget(r); err != nil {
			return err
		}
	}
	fmt.Fprintf(w, "signin-triage: forgot %d saved sign-in(s) in %s. The next run asks you to sign in.\n", len(records), dir)
	return nil
}

// Where option values come from, strongest first: a flag on the command
// line, its environment variable, the config file, the built-in default.

// defaultConfigHint is how --help names the default config file.
const defaultConfigHint = "$XDG_CONFIG_HOME/signin-triage/config.yaml"

// envName is the environment variable a flag reads: the Azure SDK's own
// for the tenant and client, SIGNIN_TRIAGE_<FLAG> for the rest.
func envName(flag string) string {
	switch flag {
	case "tenant":
		return "AZURE_TENANT_ID"
	case "client-id":
		return "AZURE_CLIENT_ID"
	case "config", "help", "version":
		return ""
	}
	return "SIGNIN_TRIAGE_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// applySources fills every flag not given on the command line from its
// environment variable, else from the config file. Values go through the
// flag's own parser, so a bad one is refused the same way wherever it came
// from, and the error says where it came from.
func applySources(flags *pflag.FlagSet, configPath string, env func(string) (string, bool)) error {
	file, err := loadConfig(configPath)
	if err != nil {
		return err
	}
	for key, e := range file.entries {
		fl := flags.Lookup(key)
		if fl == nil || envName(key) == "" { // config, help, version: no standing default
			return fmt.Errorf("%s:%d: unknown key %q: the keys are the long flag names, like batch-size and cloud", file.path, e.line, key)
		}
	}
	var errs []error
	flags.VisitAll(func(fl *pflag.Flag) {
		if fl.Changed {
			return
		}
		if name := envName(fl.Name); name != "" {
			if v, ok := env(name); ok && v != "" {
				if err := setValue(fl, v); err != nil {
					errs = append(errs, fmt.Errorf("environment variable %s: %v", name, err))
				}
				return
			}
		}
		if e, ok := file.entries[fl.Name]; ok {
			if err := setValue(fl, e.value); err != nil {
				errs = append(errs, fmt.Errorf("%s:%d: %s %v", file.path, e.line, fl.Name, err))
			}
		}
	})
	return errors.Join(errs...)
}

// setValue sets a flag from a string, checking it as the command line would.
func setValue(fl *pflag.Flag, v string) error {
	if err := checkValue(fl.Name, v); err != nil {
		return err
	}
	if err := fl.Value.Set(v); err != nil {
		switch fl.Value.Type() {
		case "bool":
			return fmt.Errorf("%q is not true or false", v)
		case "int":
			return fmt.Errorf("%q is not a whole number", v)
		}
		return fmt.Errorf("%q: %v", v, err)
	}
	return nil
}

// checkValue checks one option's value wherever it came from. The error
// says what is allowed; the caller says where the value came from.
func checkValue(name, v string) error {
	for _, qf := range graph.QueryFields() {
		if qf.Name == name {
			var q graph.Query
			return qf.Set(&q, v)
		}
	}
	var err error
	switch name {
	case "batch-size":
		err = checkRange(v, 1, graph.MaxBatchSize, " (60 is the safe default)")
	case "page-size":
		err = checkRange(v, graph.MinPageSize, graph.MaxPageSize, " (Graph refuses 1000)")
	case "demo-signins":
		err = checkRange(v, 1, 100000, "")
	case "auth":
		_, err = auth.ParseMode(v)
	case "cloud":
		_, err = cloud.ByName(v)
	case "tenant":
		if strings.EqualFold(v, "consumers") {
			err = fmt.Errorf("%q means personal Microsoft accounts, which cannot use the sign-in log and risk APIs: use your organisation's tenant", v)
		}
	case "api":
		if v != "v1.0" && v != "beta" {
			err = fmt.Errorf("%q is not an API version: use v1.0 or beta", v)
		}
	}
	return err
}

func checkRange(v string, lo, hi int, note string) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		return fmt.Errorf("%q is not a whole number", v)
	}
	if n < lo || n > hi {
		return fmt.Errorf("%d is out of range: use %d to %d%s", n, lo, hi, note)
	}
	return nil
}

// configFile is a parsed config file: each key's value and line.
type configFile struct {
	path    string
	entries map[string]configEntry
}

type configEntry struct {
	value string
	line  int
}

// loadConfig reads the config file: the one named, or the default one if
// it exists. A named file that is missing is an error; a missing default
// is not.
func loadConfig(path string) (configFile, error) {
	named := path != ""
	if !named {
		dir, err := os.UserConfigDir()
		if err != nil {
			return configFile{}, nil // no config dir: built-in defaults
		}
		path = filepath.Join(dir, "signin-triage", "config.yaml")
	}
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) && !named {
		return configFile{}, nil
	}
	if err != nil {
		return configFile{}, fmt.Errorf("reading the config file: %w", err)
	}
	return parseConfig(path, data)
}

// parseConfig reads a flat YAML mapping of flag names to single values.
func parseConfig(path string, data []byte) (configFile, error) {
	cf := configFile{path: path, entries: map[string]configEntry{}}
	f, err := parser.ParseBytes(data, 0)
	if err != nil {
		return cf, fmt.Errorf("%s: not valid YAML: %s", path, sanitize.String(yaml.FormatError(err, false, false)))
	}
	for _, doc := range f.Docs {
		if doc.Body == nil {
			continue
		}
		mapping, ok := doc.Body.(*ast.MappingNode)
		if !ok {
			return cf, fmt.Errorf("%s:%d: the config file must be a mapping of flag names to values, like \"cloud: usgov\"",
				path, doc.Body.GetToken().Position.Line)
		}
		for _, kv := range mapping.Values {
			key := sanitize.String(kv.Key.GetToken().Value)
			line := kv.Key.GetToken().Position.Line
			switch kv.Value.Type() {
			case ast.MappingType, ast.SequenceType:
				return cf, fmt.Errorf("%s:%d: %s takes a single value, not a list or a mapping", path, line, key)
			}
			if _, dup := cf.entries[key]; dup {
				return cf, fmt.Errorf("%s:%d: %s is set twice", path, line, key)
			}
			cf.entries[key] = configEntry{value: kv.Value.GetToken().Value, line: line}
		}
	}
	return cf, nil
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

// queryFlag is a query field as a flag: it keeps the field's text in the
// options' query map, and a switch takes no value (--include-noninteractive).
type queryFlag struct {
	text  map[string]string
	field graph.QueryField
}

func (f queryFlag) String() string { return f.text[f.field.Name] }

// Set checks the text with the field's own parser, as every source is.
func (f queryFlag) Set(v string) error {
	if err := checkValue(f.field.Name, v); err != nil {
		return err
	}
	f.text[f.field.Name] = v
	return nil
}

func (f queryFlag) Type() string {
	if f.field.Switch {
		return "bool"
	}
	return "string"
}
