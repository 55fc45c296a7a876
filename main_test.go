package main

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/signin-triage/signin-triage/graph/auth"
)

func TestParseSince(t *testing.T) {
	good := map[string]time.Duration{"30d": 30 * 24 * time.Hour, "7d": 7 * 24 * time.Hour, "36h": 36 * time.Hour, "90m": 90 * time.Minute, "90d": 90 * 24 * time.Hour}
	for in, want := range good {
		if got, err := parseSince(in); err != nil || got != want {
			t.Errorf("parseSince(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0d", "-1d", "91d", "7", "d", "7days", "1y"} {
		if _, err := parseSince(in); err == nil || !strings.Contains(err.Error(), "like 7d, 36h or 90m") {
			t.Errorf("parseSince(%q) = %v; want an error that says what is allowed", in, err)
		}
	}
}

func TestRequireLoopback(t *testing.T) {
	for _, u := range []string{"http://127.0.0.1:8080/v1.0", "http://localhost/v1.0", "http://[::1]:9/v1.0", "http://127.9.9.9/v1.0"} {
		if err := requireLoopback(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
	for _, u := range []string{"https://graph.microsoft.com/v1.0", "http://10.0.0.1/v1.0", "http://127.0.0.1.evil.example/v1.0", "not a url"} {
		if err := requireLoopback(u); err == nil {
			t.Errorf("%s was allowed without a token", u)
		}
	}
}

func defaults() options {
	return options{auth: "device", cloud: "global", since: "30d", batchSize: 60, pageSize: 500, demoSignIns: 250}
}

func noPrompt(auth.DeviceCode) {}

func TestConfigureRejectsBadValues(t *testing.T) {
	tests := []struct {
		change func(*options)
		want   string
	}{
		{func(o *options) { o.auth = "kerberos" }, `--auth "kerberos" is not known: use one of device, browser`},
		{func(o *options) { o.cloud = "mars" }, `--cloud "mars" is not known: use one of global, usgov, usgovdod, china`},
		{func(o *options) { o.auth = "none" }, "--auth none needs a loopback --graph-url"},
		{func(o *options) { o.auth, o.graphURL = "none", "https://graph.microsoft.com/v1.0" }, "only for a loopback --graph-url"},
		{func(o *options) { o.cloud, o.graphURL = "usgov", "https://graph.microsoft.com/v1.0" }, "is not the usgov cloud's Graph (graph.microsoft.us)"},
		{func(o *options) { o.demo, o.pageSize = true, 1000 }, "--page-size 1000 is out of range: Graph accepts 1 to 999"},
		{func(o *options) { o.demo, o.batchSize = true, 0 }, "--batch-size 0 is out of range: use 1 to 1000"},
		{func(o *options) { o.demo, o.demoSignIns = true, 0 }, "--demo-signins 0 is out of range"},
		{func(o *options) { o.demo, o.since = true, "forever" }, `--since "forever" is not a window`},
		{func(o *options) { o.auth, o.graphURL = "none", "ftp://127.0.0.1/x" }, "not an http(s) URL"},
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

func TestConfigureDemo(t *testing.T) {
	o := defaults()
	o.demo, o.since, o.batchSize, o.pageSize = true, "7d", 20, 100
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	cfg, cleanup, err := configure(o, now, noPrompt)
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	if cfg.Graph.BatchSize() != 20 || cfg.Query.PageSize != 100 || !cfg.Query.Since.Equal(now.Add(-7*24*time.Hour)) {
		t.Errorf("config %+v", cfg)
	}
	if !strings.Contains(cfg.Source, "simulated") {
		t.Errorf("the header must say the data is simulated: %q", cfg.Source)
	}
}

// TestHelpListsEveryFlag: --help names each flag with its default.
func TestHelpListsEveryFlag(t *testing.T) {
	cmd := newRootCmd()
	var out bytes.Buffer
	cmd.SetOut(&out)
	cmd.SetArgs([]string{"--help"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--demo", "--demo-signins", "--read-only", "--cloud", "--tenant", "--client-id", "AZURE_TENANT_ID", "AZURE_CLIENT_ID", "--graph-url", "--auth", "--since", "--batch-size", "--page-size",
		`default "30d"`, "(default 60)", "(default 500)", `default "device"`, `default "global"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("--help lacks %q:\n%s", want, out.String())
		}
	}
}

// TestConfigureEachCloud: without --graph-url the client calls the cloud's
// own Graph.
func TestConfigureEachCloud(t *testing.T) {
	for name, host := range map[string]string{"global": "graph.microsoft.com", "usgov": "graph.microsoft.us",
		"usgovdod": "dod-graph.microsoft.us", "china": "microsoftgraph.chinacloudapi.cn"} {
		o := defaults()
		o.cloud = name
		cfg, cleanup, err := configure(o, time.Now(), noPrompt)
		cleanup()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := cfg.Graph.(interface{ Host() string }).Host(); got != host {
			t.Errorf("%s: calls %s, want %s", name, got, host)
		}
	}
}
