package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/spf13/pflag"
)

func TestApplyOrderAndErrors(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	os.WriteFile(path, []byte("batch-size: 20\ncloud: usgov\n"), 0o600)
	flags := pflag.NewFlagSet("t", pflag.ContinueOnError)
	batch := flags.Int("batch-size", 60, "")
	cloud := flags.String("cloud", "global", "")
	env := func(k string) (string, bool) {
		return map[string]string{"SIGNIN_TRIAGE_CLOUD": "china"}[k], k == "SIGNIN_TRIAGE_CLOUD"
	}
	if _, err := Apply(flags, path, env); err != nil {
		t.Fatal(err)
	}
	if *batch != 20 || *cloud != "china" {
		t.Errorf("batch %d (want the file's 20), cloud %s (want the environment's china)", *batch, *cloud)
	}
	os.WriteFile(path, []byte("cloud: usgov\nbogus: 1\n"), 0o600)
	flags = pflag.NewFlagSet("t", pflag.ContinueOnError)
	flags.String("cloud", "global", "")
	_, err := Apply(flags, path, env)
	if err == nil || !strings.Contains(err.Error(), "config.yaml:2") || !strings.Contains(err.Error(), `"bogus"`) {
		t.Errorf("an unknown key: %v", err)
	}
	if EnvName("tenant") != "AZURE_TENANT_ID" || EnvName("batch-size") != "SIGNIN_TRIAGE_BATCH_SIZE" || EnvName("config") != "" {
		t.Error("environment variable names")
	}
}

// TestConfigValuesMeanWhatYAMLSays: tags, quoting and block scalars are
// read by the YAML decoder, not by their first token; a tagged key is a
// key; errors name the file and line.
func TestConfigValuesMeanWhatYAMLSays(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "config.yaml")
	os.WriteFile(path, []byte("user: !!str user1\nip: >\n  185.220.\nbatch-size: !!int 20\napp: \"Azure Portal\"\n!!str cloud: usgov\nsince: 7d # a comment\n"), 0o600)
	flags := pflag.NewFlagSet("t", pflag.ContinueOnError)
	user, ip, app, cloud, since := flags.String("user", "", ""), flags.String("ip", "", ""), flags.String("app", "", ""), flags.String("cloud", "global", ""), flags.String("since", "30d", "")
	batch := flags.Int("batch-size", 60, "")
	if _, err := Apply(flags, path, func(string) (string, bool) { return "", false }); err != nil {
		t.Fatal(err)
	}
	if *user != "user1" || *ip != "185.220." || *batch != 20 || *app != "Azure Portal" || *cloud != "usgov" || *since != "7d" {
		t.Errorf("user %q ip %q batch %d app %q cloud %q since %q", *user, *ip, *batch, *app, *cloud, *since)
	}
	for text, want := range map[string]string{
		"user:\n":              "config.yaml:1: user has no value",
		"ip: [1, 2]\n":         "config.yaml:1: ip takes a single value",
		"cloud: usgov\n5: x\n": "config.yaml:2: the key 5 is not a flag name",
	} {
		os.WriteFile(path, []byte(text), 0o600)
		_, err := Apply(pflag.NewFlagSet("t", pflag.ContinueOnError), path, func(string) (string, bool) { return "", false })
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", text, err, want)
		}
	}
}

// TestARetiredSettingIsRefusedFromEverySource: a retired setting given as
// a flag, an environment variable or a config key stops the run with
// what to do instead and where it was set; other settings still apply.
func TestARetiredSettingIsRefusedFromEverySource(t *testing.T) {
	path := filepath.Join(t.TempDir(), "config.yaml")
	instead := "to forget the saved sign-ins, run signin-triage auth logout"
	for _, tt := range []struct {
		args []string
		env  string
		file string
		want string
	}{
		{[]string{"--logout"}, "", "", "--logout is no longer a flag: " + instead},
		{[]string{"--logout=false"}, "", "", "--logout is no longer a flag: " + instead},
		{nil, "1", "", "environment variable SIGNIN_TRIAGE_LOGOUT is no longer read (unset it): " + instead},
		{nil, "", "cloud: usgov\nlogout: true\n", "config.yaml:2: logout is no longer a setting (remove the line): " + instead},
	} {
		os.WriteFile(path, []byte(tt.file), 0o600)
		flags := pflag.NewFlagSet("t", pflag.ContinueOnError)
		cloud := flags.String("cloud", "global", "")
		Retire(flags, "logout", instead)
		if err := flags.Parse(tt.args); err != nil {
			t.Fatal(err)
		}
		env := func(k string) (string, bool) { return tt.env, k == "SIGNIN_TRIAGE_LOGOUT" && tt.env != "" }
		if _, err := Apply(flags, path, env); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%v, env %q, file %q: %v, want %q", tt.args, tt.env, tt.file, err, tt.want)
		}
		if tt.file != "" && *cloud != "usgov" {
			t.Errorf("the other keys were not applied: cloud %s", *cloud)
		}
	}
	flags := pflag.NewFlagSet("t", pflag.ContinueOnError)
	Retire(flags, "logout", instead)
	os.WriteFile(path, nil, 0o600)
	if _, err := Apply(flags, path, func(string) (string, bool) { return "", false }); err != nil {
		t.Errorf("not set anywhere: %v", err)
	}
	if !flags.Lookup("logout").Hidden {
		t.Error("a retired flag shows in --help")
	}
}
