package ui

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// screenWalk is how to reach one screen or dialog with keys, and what is
// on top once there.
type screenWalk struct {
	name  string
	reach func(h *harness, e env)
	is    func(s screen) bool
}

func screenWalks() []screenWalk {
	return []screenWalk{
		{"rows", func(*harness, env) {}, func(s screen) bool { r, ok := s.(*rowsScreen); return ok && !r.picked }},
		{"groups", func(h *harness, _ env) { h.press(keys.Group) }, func(s screen) bool { _, ok := s.(*groupsScreen); return ok }},
		{"rows of a group", func(h *harness, _ env) { h.press(keys.Group, keys.Details) },
			func(s screen) bool { r, ok := s.(*rowsScreen); return ok && r.picked }},
		{"details", func(h *harness, _ env) { h.press(keys.Details) }, func(s screen) bool { _, ok := s.(*detailsScreen); return ok }},
		{"journal", func(h *harness, _ env) { h.press(keys.RequestLog) }, func(s screen) bool { _, ok := s.(*requestsScreen); return ok }},
		{"help", func(h *harness, _ env) { h.press(keys.Help) }, func(s screen) bool { _, ok := s.(*helpScreen); return ok }},
		{"filter input", func(h *harness, _ env) { h.press(keys.Filter) }, func(s screen) bool { _, ok := s.(*filterInput); return ok }},
		{"query editor", func(h *harness, _ env) { h.press(keys.Query) }, func(s screen) bool { _, ok := s.(*queryEditor); return ok }},
		{"confirm", func(h *harness, _ env) { h.press(keys.Toggle, safeKey) }, func(s screen) bool { _, ok := s.(*confirmDialog); return ok }},
		{"quit", func(h *harness, e env) { askQuitWhileSending(h, e, 1) },
			func(s screen) bool { _, ok := s.(*quitDialog); return ok }},
		{"export", func(h *harness, _ env) { h.press(keys.Export) }, func(s screen) bool { _, ok := s.(*exportDialog); return ok }},
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
	for _, w := range screenWalks() {
		t.Run(w.name, func(t *testing.T) {
			e := newEnv(t, simtenant.Options{SignIns: 40}, 1)
			h := loaded(t, e, 220, 60)
			w.reach(h, e)
			top := h.m.top()
			if !w.is(top) {
				t.Fatalf("the keys did not reach the %s:\n%s", w.name, h.screen())
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
				tt, text := top.(interface{ takesText() bool })
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
}

// footerText is the footer as drawn: the screen's last lines.
func footerText(h *harness) string {
	lines := strings.Split(ansi.Strip(h.m.View().Content), "\n")
	n := strings.Count(h.m.footerView(), "\n") + 1
	return strings.Join(lines[len(lines)-n:], "\n")
}
