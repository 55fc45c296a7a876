package cli

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/auth"
	"github.com/signin-triage/signin-triage/graph/journal"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

func TestConfigureRejectsBadValues(t *testing.T) {
	tests := []struct {
		change func(*options)
		want   string
	}{
		{func(o *options) { o.values["auth"] = "kerberos" }, `--auth "kerberos" is not known: use one of device, browser`},
		{func(o *options) { o.values["cloud"] = "mars" }, `--cloud "mars" is not known: use one of global, usgov, usgovdod, china`},
		{func(o *options) { o.values["auth"] = "none" }, "--auth none needs a loopback --graph-url"},
		{func(o *options) {
			o.values["auth"] = "none"
			o.values["graph-url"] = "https://graph.microsoft.com/v1.0"
		}, "only for a loopback --graph-url"},
		{func(o *options) {
			o.values["cloud"] = "usgov"
			o.values["graph-url"] = "https://graph.microsoft.com/v1.0"
		}, "is not the usgov cloud's Graph (graph.microsoft.us)"},
		{func(o *options) { o.values["demo"] = "true"; o.values["page-size"] = "1001" }, "--page-size 1001 is out of range: use 1 to 1000"},
		{func(o *options) { o.values["demo"] = "true"; o.values["batch-size"] = "0" }, "--batch-size 0 is out of range: use 1 to 1000"},
		{func(o *options) { o.values["demo"] = "true"; o.values["demo-signins"] = "0" }, "--demo-signins 0 is out of range"},
		{func(o *options) { o.values["demo"] = "true"; o.values["demo-seed"] = "0" }, "--demo-seed 0 is out of range: use 1 to 1000000"},
		{func(o *options) { o.values["demo-seed"] = "7" }, "--demo-seed picks a simulated tenant: add --demo"},
		{func(o *options) { o.values["demo"] = "true"; o.values["since"] = "forever" }, `--since "forever" is not a window`},
		{func(o *options) { o.values["demo"] = "true"; o.values["api"] = "v2" }, `--api "v2" is not an API version: use v1.0 or beta`},
		{func(o *options) { o.values["demo"] = "true"; o.values["include-noninteractive"] = "true" }, "--include-noninteractive needs --api beta"},
		{func(o *options) { o.values["tenant"] = "consumers" }, "personal Microsoft accounts, which cannot use the sign-in log"},
		{func(o *options) { o.values["demo"] = "true"; o.values["state"] = "atRisk,bogus" }, `--state "bogus" is not one of atRisk`},
		{func(o *options) { o.values["demo"] = "true"; o.values["risk-level"] = "severe" }, `--risk-level "severe" is not one of high`},
		{func(o *options) { o.values["auth"] = "none"; o.values["graph-url"] = "ftp://127.0.0.1/x" }, "not an http(s) URL"},
		{func(o *options) { o.values["graph-url"] = "http://127.0.0.1:8080/v1.0" }, "is not https: a sign-in's token is never sent in clear text"},
	}
	for _, tt := range tests {
		o := defaults()
		tt.change(&o)
		_, cleanup, err := configure(o, time.Now(), noPrompt)
		cleanup()
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%+v: got %v, want an error containing %q", o, err, tt.want)
		}
	}
}

// TestDemoSeedPicksAPracticeTenant: --demo-seed 7 is a practice tenant,
// named in the header, whose incidents the record at exit names after
// the score; seed 1, the default, is the README's tenant and names none.
func TestDemoSeedPicksAPracticeTenant(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	for seed, want := range map[string][]string{"1": nil, "7": {"This practice tenant held:"}} {
		o := defaults()
		o.values["demo"], o.values["demo-seed"] = "true", seed
		cfg, cleanup, err := configure(o, now, noPrompt)
		if err != nil {
			t.Fatal(err)
		}
		defer cleanup()
		practice := strings.Contains(cfg.Source, "practice tenant "+seed)
		if practice != (seed != "1") || !strings.Contains(cfg.Source, "simulated") {
			t.Errorf("seed %s: header %q", seed, cfg.Source)
		}
		lines := strings.Join(cfg.Epilogue(), "\n")
		if !strings.Contains(lines, "Demo score") || (want == nil) == strings.Contains(lines, "practice tenant held") {
			t.Errorf("seed %s: at exit:\n%s", seed, lines)
		}
		_, held, _ := strings.Cut(lines, "practice tenant held:")
		if want != nil && strings.Count(held, "\n  ") < 3 {
			t.Errorf("seed %s names fewer than three incidents at exit:\n%s", seed, lines)
		}
	}
}

func TestConfigureDemo(t *testing.T) {
	o := defaults()
	o.values["demo"] = "true"
	o.values["batch-size"] = "20"
	o.values["page-size"] = "100"
	for name, v := range map[string]string{"since": "7d", "state": "atRisk,dismissed", "risk-level": "high", "user": "adele", "app": "Azure", "ip": "185."} {
		o.values[name] = v
	}
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	cfg, cleanup, err := configure(o, now, noPrompt)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	if cfg.Graph.BatchSize() != 20 || cfg.Query.PageSize != 100 || !cfg.Query.Since.Equal(now.Add(-7*24*time.Hour)) {
		t.Errorf("config %+v", cfg)
	}
	if f, want := cfg.Query.Filter(), "createdDateTime ge 2026-11-20T12:00:00Z and (riskState eq 'atRisk' or riskState eq 'dismissed') and riskLevelAggregated eq 'high' and startswith(userPrincipalName,'adele') and startswith(appDisplayName,'Azure') and startswith(ipAddress,'185.')"; f != want {
		t.Errorf("query %q\nwant  %q", f, want)
	}
	if !strings.Contains(cfg.Source, "simulated") {
		t.Errorf("the header must say the data is simulated: %q", cfg.Source)
	}
}

// TestConfigureEachCloud: without --graph-url the client calls the cloud's
// own Graph.
func TestConfigureEachCloud(t *testing.T) {
	o := defaults()
	o.values["cloud"] = "china"
	o.values["api"] = "beta"
	cfg, cleanup, err := configure(o, time.Now(), noPrompt)
	cleanup()
	if err != nil || !strings.Contains(cfg.Source, "China") {
		t.Fatalf("china beta: %v %q", err, cfg.Source)
	}
	for name, host := range map[string]string{"global": "graph.microsoft.com", "usgov": "graph.microsoft.us",
		"usgovdod": "dod-graph.microsoft.us", "china": "microsoftgraph.chinacloudapi.cn"} {
		o := defaults()
		o.values["cloud"] = name
		cfg, cleanup, err := configure(o, time.Now(), noPrompt)
		cleanup()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := cfg.Graph.(interface{ Host() string }).Host(); got != host {
			t.Errorf("%s: calls %s, want %s", name, got, host)
		}
		if name == "china" {
			// China has no Identity Protection reads: the client says so
			// without sending anything (no test calls a real endpoint).
			_, err = cfg.Graph.RiskyUser(context.Background(), "00000000-0000-0000-0000-000000000001")
			var e *graph.Error
			if !errors.As(err, &e) || e.Kind != graph.KindNotOffered || !strings.Contains(err.Error(), "21Vianet") {
				t.Errorf("china: the risky user read answers %v", err)
			}
		}
	}
}

// TestDebugLogIsWired: --debug-log gets a line for each request the
// client makes.
func TestDebugLogIsWired(t *testing.T) {
	o := defaults()
	path := filepath.Join(t.TempDir(), "debug.log")
	o.values["demo"], o.values["debug-log"] = "true", path
	cfg, cleanup, err := configure(o, time.Now(), noPrompt)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := cfg.Graph.ListPage(context.Background(), cfg.Query, ""); err != nil {
		t.Fatal(err)
	}
	cleanup()
	data, _ := os.ReadFile(path)
	if !strings.Contains(string(data), "GET") || !strings.Contains(string(data), "/auditLogs/signIns") {
		t.Errorf("the debug log holds %q", data)
	}
}

// TestTheGuardRemembersTheJournal: a verdict the journal recorded as
// accepted for this tenant is in the client's memory at the next start.
func TestTheGuardRemembersTheJournal(t *testing.T) {
	sim, err := simtenant.Start(simtenant.Options{SignIns: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	for _, demo := range []bool{false, true} {
		state := filepath.Join(t.TempDir(), "signin-triage")
		path := journal.PathIn(state, demo)
		os.MkdirAll(state, 0o700)
		j, err := journal.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		j.Tenant = auth.DefaultTenant
		j.Append(journal.Record{Kind: journal.Outcome, Outcome: "accepted", Action: "confirmCompromised", IDs: []string{"decided-earlier"}})
		j.Close()
		o := defaults()
		o.values["auth"], o.values["graph-url"], o.stateDir = "none", sim.URL(), state
		if demo {
			o.values["demo"] = "true"
		}
		cfg, cleanup, err := configure(o, time.Now(), noPrompt)
		if err != nil {
			t.Fatal(err)
		}
		want := "confirmCompromised"
		if demo {
			want = "" // a new simulated tenant at every start
		}
		if got := cfg.Graph.Memory().Verdict("decided-earlier"); got != want {
			t.Errorf("demo %v: the guard remembers %q, want %q", demo, got, want)
		}
		cleanup()
	}
}

// TestNoActionWithoutAJournal: with no state directory, or a journal that
// does not verify, the session lists and exports but refuses every
// action, saying why and what to do.
func TestNoActionWithoutAJournal(t *testing.T) {
	sim, err := simtenant.Start(simtenant.Options{SignIns: 30})
	if err != nil {
		t.Fatal(err)
	}
	defer sim.Close()
	broken := filepath.Join(t.TempDir(), "signin-triage")
	os.MkdirAll(broken, 0o700)
	os.WriteFile(journal.PathIn(broken, false), []byte("{\"seq\": 7}\n"), 0o600)
	for state, want := range map[string]string{"": "no state directory; set XDG_STATE_HOME", broken: "does not verify"} {
		o := defaults()
		o.values["auth"], o.values["graph-url"], o.stateDir = "none", sim.URL(), state
		cfg, cleanup, err := configure(o, time.Now(), noPrompt)
		if err != nil {
			t.Fatalf("state %q: the session did not start: %v", state, err)
		}
		c := cfg.Graph.(*graph.Client)
		if !c.ReadOnly() || !strings.Contains(c.ReadOnlyReason(), want) {
			t.Errorf("state %q: read-only %v (%q)", state, c.ReadOnly(), c.ReadOnlyReason())
		}
		if _, err := c.ListPage(context.Background(), graph.Query{}, ""); err != nil {
			t.Errorf("state %q: listing refused: %v", state, err)
		}
		var got graph.BatchResult
		c.Dispatch(context.Background(), simtest.Verdict("confirmSafe"), []string{sim.SignIns()[0].ID}, func(r graph.BatchResult) { got = r })
		if got.Outcome != graph.NotSent || !strings.Contains(got.Err.Error(), want) || len(sim.ActionRequests()) != 0 {
			t.Errorf("state %q: an action went %v: %v", state, got.Outcome, got.Err)
		}
		cleanup()
	}
}

// TestListingIsPacedForRealClouds: the listing keeps to Graph's reports
// limit against a real cloud, not against the demo or a loopback
// endpoint unless asked.
func TestListingIsPacedForRealClouds(t *testing.T) {
	for _, tt := range []struct {
		values map[string]string
		paced  bool
	}{
		{map[string]string{}, true},
		{map[string]string{"demo": "true"}, false},
		{map[string]string{"demo": "true", "pace-listing": "true"}, true},
		{map[string]string{"auth": "none", "graph-url": "http://127.0.0.1:9/v1.0"}, false},
	} {
		o := defaults()
		for k, v := range tt.values {
			o.values[k] = v
		}
		cfg, cleanup, err := configure(o, time.Now(), noPrompt)
		if err != nil {
			t.Fatal(err)
		}
		if got := cfg.Graph.(*graph.Client).PacesListing(); got != tt.paced {
			t.Errorf("%v: listing paced %v, want %v", tt.values, got, tt.paced)
		}
		cleanup()
	}
}
