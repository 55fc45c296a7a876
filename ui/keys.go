package ui

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/signin-triage/signin-triage/graph/config"
	"github.com/signin-triage/signin-triage/keymap"
)

// bindKeys applies the config file's keys: section to k, saying which line
// is wrong when one is.
func bindKeys(k *keymap.KeyMap, file config.Keys) error {
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
	// nameOf is the action a command's binding is: the one with exactly
	// its keys, the config file's first where several have them.
	nameOf := func(c command) string {
		var found []string
		for name, b := range named {
			if slices.Equal(b.Keys(), c.binding.Keys()) {
				found = append(found, name)
			}
		}
		overridden := func(a string) int {
			if m.keyFile.Where(a) != "" {
				return 0
			}
			return 1
		}
		slices.SortFunc(found, func(a, b string) int {
			return cmp.Or(cmp.Compare(overridden(a), overridden(b)), strings.Compare(a, b))
		})
		if len(found) == 0 {
			return c.binding.Help().Desc
		}
		return found[0]
	}
	where := func(actions ...string) string {
		for _, a := range actions {
			if w := m.keyFile.Where(a); w != "" {
				return w
			}
		}
		return "the built-in keys"
	}
	for _, s := range referenceScreens(&m.session) {
		seen := map[string]string{} // key -> the action that took it here
		for _, c := range s.commands() {
			name := nameOf(c)
			for _, k := range c.binding.Keys() {
				if other, dup := seen[k]; dup && other != name {
					return fmt.Errorf("%s: keys: %s and %s share %q on the %s screen: give one of them another key",
						where(name, other), other, name, k, strings.ToLower(s.title()))
				}
				seen[k] = name
				if t, ok := s.(interface{ takesText() bool }); ok && t.takesText() && isCharacter(k) {
					return fmt.Errorf("%s: keys: %s takes %q, which the %s types as text: give it a key with ctrl+ or alt+, or a named key",
						where(name), name, k, strings.ToLower(s.title()))
				}
			}
		}
	}
	return nil
}

// isCharacter reports a key that types a character: one rune, or space.
func isCharacter(k string) bool { return k == "space" || len([]rune(k)) == 1 }
