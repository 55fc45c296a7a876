package ui

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// screenWalks are the keys that reach each kind of screen, by its title:
// the walk below opens a screen as the analyst does when it can. A kind
// with no walk here (a test's own) is pushed on the rows.
func screenWalks() map[string]func(h *harness, e env) {
	return map[string]func(h *harness, e env){
		"Rows":                 func(*harness, env) {},
		"Groups":               func(h *harness, _ env) { h.press(keys.Group) },
		"Rows of a group":      func(h *harness, _ env) { h.press(keys.Group, keys.Details) },
		"Details of a sign-in": func(h *harness, _ env) { h.press(keys.Details) },
		"Request log":          func(h *harness, _ env) { h.press(keys.RequestLog) },
		"User's sign-ins":      func(h *harness, _ env) { h.press(keys.UserLog) },
		"Help":                 func(h *harness, _ env) { h.press(keys.Help) },
		"Filter input":         func(h *harness, _ env) { h.press(keys.Filter) },
		"Query editor":         func(h *harness, _ env) { h.press(keys.Query) },
		"Confirm a verdict":    func(h *harness, _ env) { h.press(keys.Toggle, safeKey) },
		"Quit while sending":   func(h *harness, e env) { askQuitWhileSending(h, e, 1) },
		"Export":               func(h *harness, _ env) { h.press(keys.Export) },
	}
}

// everyKey is every key of the keymap, each once.
func everyKey() []string {
	var out []string
	for _, b := range keys.All() {
		for _, k := range b.Keys() {
			if !slices.Contains(out, k) {
				out = append(out, k)
			}
		}
	}
	return out
}

// isText reports a key that types a character into a text input.
func isText(k string) bool {
	return k == "space" || utf8.RuneCountInString(k) == 1
}

// TestEveryScreenHandlesExactlyTheKeysItsFooterShows walks every screen and
// dialog, presses every key of the keymap there, and checks that the
// screen handled exactly the keys its footer shows (a text input also
// takes typed characters), and that the footer, drawn, names each of them.
func TestEveryScreenHandlesExactlyTheKeysItsFooterShows(t *testing.T) {
	walkEveryScreen(t)
}

// walkEveryScreen is the walk of TestEveryScreenHandlesExactlyTheKeysItsFooterShows
// over every kind of screen there is (screenKinds): a test that adds a
// kind of its own walks it too.
func walkEveryScreen(t *testing.T) {
	walks := screenWalks()
	m := New(Config{Graph: offlineGraph(t), Source: "test"})
	titles := map[string]bool{}
	for _, kind := range screenKinds {
		title := kind.sample(&m.session).title()
		titles[title] = true
		t.Run(title, func(t *testing.T) {
			e := newEnv(t, simtenant.Options{SignIns: 40}, 1)
			h := loaded(t, e, 220, 60)
			if walk, ok := walks[title]; ok {
				walk(h, e)
			} else {
				h.m.push(kind.sample(&h.m.session))
				h.m.afterMessage()
			}
			top := h.m.top()
			if top.title() != title {
				t.Fatalf("the keys did not reach the %s:\n%s", title, h.screen())
			}
			footerKeys := map[string]bool{}
			drawn := footerText(h)
			for _, b := range liveBindings(top) {
				for _, k := range b.Keys() {
					if footerKeys[k] {
						t.Errorf("%q means two things on this screen", k)
					}
					footerKeys[k] = true
				}
				if !strings.Contains(drawn, b.Help().Key+" "+b.Help().Desc) {
					t.Errorf("the footer does not show %q:\n%s", b.Help().Key+" "+b.Help().Desc, drawn)
				}
			}
			for _, k := range everyKey() {
				tt, text := top.(textTaker)
				takesText := text && tt.takesText()
				if ks, ok := top.(interface{ keepsStrayText() bool }); ok && ks.keepsStrayText() {
					takesText = true // kept as typing, shown in place of the keys
				}
				// Each key on the screen as the walk left it: the state a
				// key changes (a cursor, a selection) is the session's,
				// and what it asks of the root is not carried out.
				live := map[string]bool{}
				for _, b := range liveBindings(top) {
					for _, bk := range b.Keys() {
						live[bk] = true
					}
				}
				bound := false // a key of the screen's, live or not, is never typing
				for _, c := range top.commands() {
					bound = bound || slices.Contains(c.binding.Keys(), k)
				}
				want := live[k] || (takesText && isText(k) && !bound)
				_, handled := top.update(keyPress(k))
				if handled != want {
					t.Errorf("%q: handled %v, the footer shows it %v", k, handled, live[k])
				}
			}
			if len(footerKeys) == 0 {
				t.Error("the footer shows no key")
			}
		})
	}
	for title := range walks {
		if !titles[title] {
			t.Errorf("a walk reaches %q, which no kind of screen is titled", title)
		}
	}
}

// footerText is the footer as drawn: the screen's last lines.
func footerText(h *harness) string {
	lines := strings.Split(ansi.Strip(h.m.View().Content), "\n")
	n := strings.Count(h.m.footerView(), "\n") + 1
	return strings.Join(lines[len(lines)-n:], "\n")
}
