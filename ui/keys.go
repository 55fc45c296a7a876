package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/signin-triage/signin-triage/keymap"
)

// bindKeys applies the config file's keys: section to k, saying which line
// is wrong when one is.
func bindKeys(k *keymap.KeyMap, file keymap.File) error {
	for _, b := range file.Bindings {
		if err := k.Rebind(b.Action, b.Keys); err != nil {
			return fmt.Errorf("%s:%d: keys: %v", file.Path, b.Line, err)
		}
	}
	return nil
}

// CheckKeys reports a key binding that cannot work, with the config
// file's line that made it: an unknown action or key, two commands of one
// screen (live now or later) that share a key, or a character bound on a
// screen where characters are typed into a text field. The built-in keys
// pass; main refuses to start when an override does not.
func (m *Model) CheckKeys() error {
	if m.keyErr != nil {
		return m.keyErr
	}
	named := m.keys.Named()
	// names are the actions a command's binding may be: those with exactly
	// its keys, the one its description names first (a screen words some
	// keys its own way), then those the config file rebinds.
	names := func(c command) []string {
		var found []string
		for name, b := range named {
			if slices.Equal(b.Keys(), c.binding.Keys()) {
				found = append(found, name)
			}
		}
		desc := strings.ToLower(c.binding.Help().Desc)
		rank := func(a string) int { // the one the screen's words name, then the file's
			switch {
			case strings.Contains(desc, strings.ToLower(a)), strings.Contains(desc, strings.ToLower(named[a].Help().Desc)):
				return 0
			case m.keyFile.Where(a) != "":
				return 1
			}
			return 2
		}
		slices.SortFunc(found, func(a, b string) int {
			return cmp.Or(cmp.Compare(rank(a), rank(b)), strings.Compare(a, b))
		})
		return append(found, c.binding.Help().Desc)
	}
	where := func(actions ...string) string {
		for _, a := range actions {
			if w := m.keyFile.Where(a); w != "" {
				return w
			}
		}
		return "the built-in keys"
	}
	// A verdict's key must not answer yes in the dialog it opens: pressed
	// twice by reflex, it would send without the dialog being read.
	for _, vk := range m.keys.Verdicts {
		for _, k := range vk.Keys() {
			if slices.Contains(m.keys.Yes.Keys(), k) {
				return fmt.Errorf("%s: keys: %s takes %q, which also sends in its confirm dialog: pressed twice it would send unread; give it another key",
					where(vk.Verdict, "yes"), vk.Verdict, k)
			}
		}
	}
	// Yes must be a key that no typed text ends with: a word or a filter
	// typed without its / must not send.
	for _, k := range m.keys.Yes.Keys() {
		if k == "enter" || k == "space" || k == "tab" {
			return fmt.Errorf("%s: keys: yes takes %q, which ends typed text: a word typed without / would send; give it a character such as y",
				where("yes"), k)
		}
	}
	// QuitNow cuts a request off, its outcome then unknown: no key that a
	// reflex presses on the quit dialog (a second quit, the finish-first
	// answer, yes, enter) may do that.
	reflexes := append(append(append([]string{"enter", "ctrl+c"}, m.keys.Quit.Keys()...), m.keys.FinishThenQuit.Keys()...), m.keys.Yes.Keys()...)
	for _, k := range m.keys.QuitNow.Keys() {
		if slices.Contains(reflexes, k) {
			return fmt.Errorf("%s: keys: quitNow takes %q, which a reflex presses on the quit dialog (a second quit, yes or enter): it would cut a request off and leave its outcome unknown; give it a shifted letter such as X",
				where("quitNow"), k)
		}
	}
	for _, s := range referenceScreens(&m.session) {
		seen := map[string]command{} // key -> the command that took it here
		for _, c := range s.commands() {
			for _, k := range c.binding.Keys() {
				if other, dup := seen[k]; dup {
					a, b := names(other)[0], names(c)
					if b[0] == a && len(b) > 1 {
						b = b[1:]
					}
					return fmt.Errorf("%s: keys: %s and %s share %q on the %s screen: give one of them another key",
						where(a, b[0]), a, b[0], k, strings.ToLower(s.title()))
				}
				seen[k] = c
				if t, ok := s.(textTaker); ok && t.takesText() && isCharacter(k) {
					return fmt.Errorf("%s: keys: %s takes %q, which the %s types as text: give it a key with ctrl+ or alt+, or a named key",
						where(names(c)[0]), names(c)[0], k, strings.ToLower(s.title()))
				}
			}
		}
	}
	return nil
}

// isCharacter reports a key that types a character: one rune, or space.
func isCharacter(k string) bool { return k == "space" || len([]rune(k)) == 1 }
