package cli

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/auth"
	"github.com/signin-triage/signin-triage/ui/cli/config"
)

// parse runs the command line up to the point where options are known,
// without starting anything.
func parse(t *testing.T, args []string, env map[string]string, config string) (options, error) {
	t.Helper()
	path := ""
	if config != "" {
		path = filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(path, []byte(config), 0o600); err != nil {
			t.Fatal(err)
		}
		args = append(args, "--config", path)
	}
	var got options
	cmd := newRootCmd(envOf(env), "dev")
	cmd.RunE = func(c *cobra.Command, _ []string) error {
		got = optionsOf(c)
		return nil
	}
	cmd.SetArgs(args)
	cmd.SetOut(&bytes.Buffer{})
	err := cmd.Execute()
	return got, err
}

// optionsOf reads every flag's value after the sources were applied.
func optionsOf(c *cobra.Command) options {
	o := options{values: map[string]string{}}
	c.Flags().VisitAll(func(fl *pflag.Flag) { o.values[fl.Name] = fl.Value.String() })
	return o
}

// TestPrecedence: a flag beats its environment variable, which beats the
// config file, which beats the built-in default.
func TestPrecedence(t *testing.T) {
	file := "batch-size: 20\ncloud: usgov\ntenant: from-file\nread-only: true\n"
	env := map[string]string{"SIGNIN_TRIAGE_BATCH_SIZE": "30", "AZURE_TENANT_ID": "from-env"}
	tests := []struct {
		args []string
		env  map[string]string
		file string
		want map[string]string
	}{
		{nil, nil, "", map[string]string{"batch-size": "60", "cloud": "global", "tenant": "", "read-only": "false"}},
		{nil, nil, file, map[string]string{"batch-size": "20", "cloud": "usgov", "tenant": "from-file", "read-only": "true"}},
		{nil, env, file, map[string]string{"batch-size": "30", "cloud": "usgov", "tenant": "from-env", "read-only": "true"}},
		{[]string{"--batch-size", "40", "--tenant", "from-flag", "--cloud", "china"}, env, file,
			map[string]string{"batch-size": "40", "cloud": "china", "tenant": "from-flag", "read-only": "true"}},
	}
	for i, tt := range tests {
		got, err := parse(t, tt.args, tt.env, tt.file)
		if err != nil {
			t.Fatalf("case %d: %v", i, err)
		}
		for name, want := range tt.want {
			if got.get(name) != want {
				t.Errorf("case %d: %s is %q, want %q", i, name, got.get(name), want)
			}
		}
	}
}

func TestConfigErrorsNameFileLineAndKey(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"cloud: usgov\nbatchsize: 20\n", []string{"config.yaml:2", `unknown key "batchsize"`}},
		{"cloud: usgov\n\nbatch-size: lots\n", []string{"config.yaml:3", `batch-size "lots" is not a whole number`}},
		{"batch-size: 5000\n", []string{"config.yaml:1", "batch-size 5000 is out of range: use 1 to 1000"}},
		{"since: forever\n", []string{"config.yaml:1", `since "forever" is not a window`}},
		{"cloud: mars\n", []string{"config.yaml:1", `cloud "mars" is not known: use one of global, usgov`}},
		{"read-only: perhaps\n", []string{"config.yaml:1", `read-only "perhaps" is not true or false`}},
		{"since:\n  - 7d\n", []string{"config.yaml:1", "since takes a single value"}},
		{"- cloud\n", []string{"config.yaml:1", "must be a mapping"}},
		{"cloud: [usgov\n", []string{"config.yaml", "not valid YAML"}},
		{"version: 2\n", []string{"config.yaml:1", `unknown key "version"`}},
		{"keys: A\n", []string{"config.yaml:1", "keys takes a mapping of actions to keys"}},
		{"cloud: usgov\nkeys:\n  confirmSafe:\n", []string{"config.yaml:3", "confirmSafe has no key"}},
		{"keys:\n  confirmSafe: A\n  confirmSafe: B\n", []string{"config.yaml", "[3:3]", `"confirmSafe" already defined`}},
		{"keys:\n  quit: {a: b}\n", []string{"config.yaml:2", "quit takes a key or a list of keys"}},
	}
	for _, tt := range tests {
		_, err := parse(t, nil, nil, tt.file)
		for _, w := range tt.want {
			if err == nil || !strings.Contains(err.Error(), w) {
				t.Errorf("config %q: got %v, want it to mention %q", tt.file, err, w)
			}
		}
	}
	env := map[string]string{"SIGNIN_TRIAGE_PAGE_SIZE": "many"}
	if _, err := parse(t, nil, env, ""); err == nil || !strings.Contains(err.Error(), "SIGNIN_TRIAGE_PAGE_SIZE") {
		t.Errorf("a bad environment value: %v", err)
	}
	if _, err := parse(t, []string{"--config", "/nonexistent/signin-triage.yaml"}, nil, ""); err == nil || !strings.Contains(err.Error(), "/nonexistent/signin-triage.yaml") {
		t.Errorf("a missing named config file: %v", err)
	}
}

// TestLogoutIsNoLongerASetting: SIGNIN_TRIAGE_LOGOUT=1 made every run log
// out and exit 0. Now it, --logout and a logout: key stop every command
// that reads the settings with exit 2, naming auth logout, and the saved
// sign-in stays.
func TestLogoutIsNoLongerASetting(t *testing.T) {
	state := t.TempDir()
	record := auth.RecordPath(filepath.Join(state, "signin-triage"), "global", "", "")
	os.MkdirAll(filepath.Dir(record), 0o700)
	os.WriteFile(record, []byte(`{"record":{"username":"a@b"}}`), 0o600)
	withLogout := map[string]string{"XDG_STATE_HOME": state, "SIGNIN_TRIAGE_LOGOUT": "1"}
	file := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(file, []byte("since: 7d\nlogout: true\n"), 0o600)
	for _, tt := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{withLogout, nil, "environment variable SIGNIN_TRIAGE_LOGOUT is no longer read (unset it): to forget the saved sign-ins, run signin-triage auth logout"},
		{withLogout, []string{"export", "--demo", "--demo-signins", "20"}, "SIGNIN_TRIAGE_LOGOUT is no longer read"},
		{withLogout, []string{"journal", "verify"}, "SIGNIN_TRIAGE_LOGOUT is no longer read"},
		{map[string]string{"XDG_STATE_HOME": state}, []string{"--logout"}, "--logout is no longer a flag: to forget the saved sign-ins, run signin-triage auth logout"},
		{map[string]string{"XDG_STATE_HOME": state}, []string{"--demo", "--config", file}, "config.yaml:2: logout is no longer a setting (remove the line): to forget the saved sign-ins, run signin-triage auth logout"},
	} {
		out, errOut, code := runCLI(t, tt.env, tt.args...)
		if code != 2 || !strings.Contains(errOut, tt.want) || out != "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want 2 and %q", tt.args, code, out, errOut, tt.want)
		}
	}
	if _, err := os.Stat(record); err != nil {
		t.Errorf("the saved sign-in is gone: %v", err)
	}
}

// TestAnAppFromAZURE_CLIENT_IDIsSaidAtStart: --client-id taken from
// AZURE_CLIENT_ID (not given on the command line, the environment beating
// the config file) is named as such, and a person's sign-in with it
// starts with a notice, which the UI shows in the status pane and the
// other commands on standard error.
func TestAnAppFromAZURE_CLIENT_IDIsSaidAtStart(t *testing.T) {
	own := "0f8fad5b-d9cb-469f-a165-70867728950e"
	for _, tt := range []struct {
		args []string
		env  map[string]string
		file string
		want string
	}{
		{nil, map[string]string{"AZURE_CLIENT_ID": own}, "", "AZURE_CLIENT_ID"},
		{nil, map[string]string{"AZURE_CLIENT_ID": own}, "client-id: " + auth.DefaultClientID + "\n", "AZURE_CLIENT_ID"},
		{[]string{"--client-id", own}, map[string]string{"AZURE_CLIENT_ID": own}, "", ""},
		{nil, nil, "client-id: " + own + "\n", ""},
		{nil, map[string]string{"AZURE_CLIENT_ID": ""}, "", ""},
	} {
		path := filepath.Join(t.TempDir(), "config.yaml")
		os.WriteFile(path, []byte(tt.file), 0o600)
		var from string
		cmd := newRootCmd(envOf(tt.env), "dev")
		cmd.RunE = func(c *cobra.Command, _ []string) error {
			from = clientIDSource(c.Flags(), envOf(tt.env))
			return nil
		}
		cmd.SetArgs(append(tt.args, "--config", path))
		if err := cmd.Execute(); err != nil || from != tt.want {
			t.Errorf("%v, env %v, file %q: from %q (%v), want %q", tt.args, tt.env, tt.file, from, err, tt.want)
		}
	}
	// Through the command line: export says it first, on standard error.
	// The context is cancelled before the command starts, so the sign-in
	// it then asks for ends before any request leaves the process.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	cmd := newRootCmd(envOf(map[string]string{"AZURE_CLIENT_ID": own, "XDG_STATE_HOME": t.TempDir()}), "dev")
	var errOut bytes.Buffer
	cmd.SetOut(&bytes.Buffer{})
	cmd.SetErr(&errOut)
	empty := filepath.Join(t.TempDir(), "config.yaml")
	os.WriteFile(empty, nil, 0o600)
	cmd.SetArgs([]string{"export", "--graph-url", "https://127.0.0.1:9/v1.0", "--config", empty})
	err := cmd.ExecuteContext(ctx)
	t.Logf("export: %v", err)
	if want := "signin-triage: Signing in with app " + own + " from AZURE_CLIENT_ID"; !strings.HasPrefix(errOut.String(), want) {
		t.Errorf("export's stderr %q does not start with %q", errOut.String(), want)
	}
	for from, want := range map[string]string{"AZURE_CLIENT_ID": "Signing in with app " + own + " from AZURE_CLIENT_ID, not signin-triage's default app", "": ""} {
		o := defaults()
		o.values["client-id"], o.clientIDFrom = own, from
		cfg, cleanup, err := configure(o, time.Now(), noPrompt)
		cleanup()
		if got := strings.Join(cfg.Notices, "\n"); err != nil || want == "" && strings.Contains(got, "Signing in with app") || !strings.Contains(got, want) {
			t.Errorf("from %q: notices %q (%v), want %q", from, got, err, want)
		}
	}
}

// TestEveryQueryFieldIsAFlagAnEnvVarAndAConfigKey: the query fields of
// graph.QueryFields reach the query from each source.
func TestEveryQueryFieldIsAFlagAnEnvVarAndAConfigKey(t *testing.T) {
	samples := map[string]string{"state": "dismissed", "risk-level": "high", "since": "7d",
		"user": "adele", "app": "Office", "ip": "185.", "result": "not-success", "include-noninteractive": "true", "max-rows": "5000"}
	for _, f := range graph.QueryFields() {
		v := samples[f.Name]
		sources := map[string]struct {
			args   []string
			env    map[string]string
			config string
		}{
			"flag":   {[]string{"--" + f.Name + "=" + v}, nil, ""},
			"env":    {nil, map[string]string{config.EnvName(f.Name): v}, ""},
			"config": {nil, nil, f.Name + ": \"" + v + "\"\n"},
		}
		for source, in := range sources {
			o, err := parse(t, in.args, in.env, in.config)
			if err != nil {
				t.Errorf("%s by %s: %v", f.Name, source, err)
				continue
			}
			q, err := graph.QueryFromFields(o.values)
			if err != nil || f.Get(q) != v {
				t.Errorf("%s by %s: the query has %q (%v), want %q", f.Name, source, f.Get(q), err, v)
			}
		}
	}
}
