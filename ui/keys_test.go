package ui

import (
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/keymap"
)

func TestTheBuiltInKeysPass(t *testing.T) {
	readOnly, err := graph.New(graph.Options{BaseURL: "http://127.0.0.1:9/v1.0", ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, g := range []Graph{offlineGraph(t), readOnly} {
		if err := New(Config{Graph: g, Source: "test"}).CheckKeys(); err != nil {
			t.Errorf("the built-in keys: %v", err)
		}
	}
	k := keymap.Default()
	if named, all := len(k.Named()), len(k.All()); named != all {
		t.Errorf("Named has %d bindings, All %d: an action the config file cannot name, or a binding no screen lists", named, all)
	}
}

// TestAKeyFileRebindsConfirmSafe: the config file's keys: section moves
// confirm safe from S to A. The help and the footer show A, S does
// nothing, and A asks to confirm; a file that gives confirm safe the quit
// key is refused with its file and line.
func TestAKeyFileRebindsConfirmSafe(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 60}, 0)
	file := keymap.File{Path: "/home/analyst/.config/signin-triage/config.yaml",
		Bindings: []keymap.FileBinding{{Action: "confirmSafe", Keys: []string{"A"}, Line: 7}}}
	m := New(Config{Graph: e.client, Query: graph.DefaultQuery(testNow), Source: "test", KeyFile: file})
	if err := m.CheckKeys(); err != nil {
		t.Fatal(err)
	}
	h := newHarness(t, m, 80, 24)
	h.waitFor("the listing", func() bool { return !h.loading() })
	if footer := footerText(h); !strings.Contains(footer, "A safe") || strings.Contains(footer, "S safe") {
		t.Errorf("the footer does not show the new key:\n%s", footer)
	}
	h.press(keys.Help)
	help := ansi.Strip(h.m.top().(*helpScreen).text())
	if !regexp.MustCompile(`[○ ] A +confirm safe`).MatchString(help) || regexp.MustCompile(`[○ ] S +confirm safe`).MatchString(help) {
		t.Errorf("the help does not show A for confirm safe:\n%s", help)
	}
	h.press(keys.Help)

	h.press(keys.Toggle)
	h.update(keyPress("S"))
	if h.dialogOpen() {
		t.Fatalf("S still asks to confirm safe:\n%s", h.screen())
	}
	h.update(keyPress("A"))
	if !strings.Contains(h.prose(), "Confirm safe 1 sign-in?") {
		t.Fatalf("A does not ask to confirm safe:\n%s", h.screen())
	}

	clash := keymap.File{Path: "/etc/signin-triage.yaml",
		Bindings: []keymap.FileBinding{{Action: "confirmSafe", Keys: []string{"q"}, Line: 12}}}
	err := New(Config{Graph: e.client, Source: "test", KeyFile: clash}).CheckKeys()
	if err == nil || !strings.Contains(err.Error(), `/etc/signin-triage.yaml:12: keys: confirmSafe and quit share "q"`) {
		t.Errorf("a clashing key: %v", err)
	}
}

// TestQuitNowRefusesReflexKeys: quitNow, which cuts a request off, cannot
// take a key that a reflex presses on the quit dialog; the refusal names
// the file and line.
func TestQuitNowRefusesReflexKeys(t *testing.T) {
	for _, k := range []string{"q", "y", "enter", "ctrl+c", "f"} {
		file := keymap.File{Path: "/home/analyst/config.yaml",
			Bindings: []keymap.FileBinding{{Action: "quitNow", Keys: []string{k}, Line: 4}}}
		err := New(Config{Graph: offlineGraph(t), Source: "test", KeyFile: file}).CheckKeys()
		want := `/home/analyst/config.yaml:4: keys: quitNow takes "` + k + `"`
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("quitNow: %s: %v, want %q", k, err, want)
		}
	}
	ok := keymap.File{Path: "/home/analyst/config.yaml", Bindings: []keymap.FileBinding{{Action: "quitNow", Keys: []string{"Z"}, Line: 4}}}
	if err := New(Config{Graph: offlineGraph(t), Source: "test", KeyFile: ok}).CheckKeys(); err != nil {
		t.Errorf("quitNow: Z: %v", err)
	}
}
