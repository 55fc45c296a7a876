package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/ui/cli/exit"
)

// TestKeyOverridesAreCheckedBeforeTheUI: a keys: section that cannot work
// stops the program before it takes the terminal, with exit status 2 and
// the file and line; one that works is taken.
func TestKeyOverridesAreCheckedBeforeTheUI(t *testing.T) {
	for file, want := range map[string]string{
		"cloud: global\nkeys:\n  confirmSafe: q\n":        `config.yaml:3: keys: confirmSafe and quit share "q" on the rows screen`,
		"keys:\n  confirmSafely: A\n":                     `config.yaml:2: keys: "confirmSafely" is not an action; the actions are`,
		"keys:\n  filterApply: x\n":                       `config.yaml:2: keys: filterApply takes "x", which the filter input types as text`,
		"keys:\n  confirmSafe: [A, ctrl+shift+nothing]\n": `config.yaml:2: keys: confirmSafe: "ctrl+shift+nothing" is not a key`,
		"keys:\n  yes: enter\n":                           `config.yaml:2: keys: yes takes "enter", which ends typed text: a word typed without / would send`,
		"keys:\n  dismiss: space\n":                       `config.yaml:2: keys: toggle and dismiss share "space" on the rows screen`,
		"keys:\n  confirmSafe: y\n":                       `config.yaml:2: keys: confirmSafe takes "y", which also sends in its confirm dialog`,
		"keys:\n  reload: enter\n":                        `config.yaml:2: keys: details and reload share "enter" on the rows screen`,
	} {
		path := filepath.Join(t.TempDir(), "config.yaml")
		if err := os.WriteFile(path, []byte(file), 0o600); err != nil {
			t.Fatal(err)
		}
		cmd := newRootCmd(envOf(map[string]string{"XDG_STATE_HOME": t.TempDir()}), "dev")
		var out bytes.Buffer
		cmd.SetOut(&out)
		cmd.SetErr(&out)
		cmd.SetArgs([]string{"--demo", "--config", path})
		err := cmd.Execute()
		if got := exit.Of(err); got != 2 || err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: exit status %d, error %v; want 2 and %q", file, got, err, want)
		}
	}
}
