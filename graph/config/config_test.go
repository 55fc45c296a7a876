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
	if err := Apply(flags, path, env); err != nil {
		t.Fatal(err)
	}
	if *batch != 20 || *cloud != "china" {
		t.Errorf("batch %d (want the file's 20), cloud %s (want the environment's china)", *batch, *cloud)
	}
	os.WriteFile(path, []byte("cloud: usgov\nbogus: 1\n"), 0o600)
	flags = pflag.NewFlagSet("t", pflag.ContinueOnError)
	flags.String("cloud", "global", "")
	err := Apply(flags, path, env)
	if err == nil || !strings.Contains(err.Error(), "config.yaml:2") || !strings.Contains(err.Error(), `"bogus"`) {
		t.Errorf("an unknown key: %v", err)
	}
	if EnvName("tenant") != "AZURE_TENANT_ID" || EnvName("batch-size") != "SIGNIN_TRIAGE_BATCH_SIZE" || EnvName("config") != "" {
		t.Error("environment variable names")
	}
}
