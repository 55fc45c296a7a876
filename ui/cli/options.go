package cli

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/auth"
	"github.com/signin-triage/signin-triage/graph/cloud"
	"github.com/signin-triage/signin-triage/keymap"
	"github.com/signin-triage/signin-triage/ui/cli/config"
)

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
		{"demo-seed", "1", "which simulated tenant: 1 is the README's, any other a practice tenant with incidents drawn from a library (1 to 1000000)", config.InRange(1, 1000000, "")},
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
		{"user-actions", "false", "offer the user actions after a verdict (revoke sessions, confirm a user compromised, dismiss a user's risk); a sign-in then asks for User.RevokeSessions.All too", config.IsBool},
		{"dry-run", "false", "go through every step of an action and show the requests it would send, sending none", config.IsBool},
		{"pace-listing", "false", "pace the listing to Graph's 5 requests per 10 s even for --demo or a loopback --graph-url (always on for the real clouds)", config.IsBool},
		{"max-retry-wait", graph.DefaultMaxRetryAfter.String(), "the longest single wait a Retry-After from Graph is honoured for (1s to 10m)", config.DurationIn(time.Second, 10*time.Minute)},
		{"page-size", strconv.Itoa(graph.DefaultPageSize), fmt.Sprintf("how many sign-ins one listing page holds (%d to %d)", graph.MinPageSize, graph.MaxPageSize), config.InRange(graph.MinPageSize, graph.MaxPageSize, "")},
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
