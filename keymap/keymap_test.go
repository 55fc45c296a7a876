package keymap

import (
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
)

// TestEveryBindingHasKeysAndHelp guards against a binding added to KeyMap
// but left without keys or help text, which would make it unreachable or
// invisible.
func TestEveryBindingHasKeysAndHelp(t *testing.T) {
	km := Default()
	v := reflect.ValueOf(km)
	fields := 0
	for i := range v.NumField() {
		if vks, ok := v.Field(i).Interface().([]VerdictKey); ok {
			fields += len(vks)
			if len(vks) != 6 {
				t.Errorf("%d verdict keys, want the three verdicts' and the three user actions'", len(vks))
			}
			continue
		}
		fields++
		b := v.Field(i).Interface().(key.Binding)
		name := v.Type().Field(i).Name
		if len(b.Keys()) == 0 || b.Help().Key == "" || b.Help().Desc == "" {
			t.Errorf("%s has keys %v and help %+v", name, b.Keys(), b.Help())
		}
	}
	// All, which tests press every key of, and Named, which the config
	// file rebinds through, list every binding: the one table makes them.
	if n := len(km.All()); n != fields {
		t.Errorf("All lists %d bindings, KeyMap has %d", n, fields)
	}
	if n := len(km.Named()); n != fields {
		t.Errorf("Named names %d bindings, KeyMap has %d", n, fields)
	}
}

// TestTheTableHoldsEveryFieldOnce checks that each field of KeyMap is one
// row of the table, named as the config file names it: a field the table
// left out would keep no keys in Default, and be neither pressed by the
// tests nor rebindable.
func TestTheTableHoldsEveryFieldOnce(t *testing.T) {
	var k KeyMap
	seen := map[*key.Binding]string{}
	for _, r := range table() {
		if r.field == nil {
			continue
		}
		b := r.field(&k)
		if other, dup := seen[b]; dup {
			t.Errorf("%s and %s are one field", other, r.name)
		}
		seen[b] = r.name
	}
	v := reflect.ValueOf(&k).Elem()
	for i := range v.NumField() {
		f := v.Type().Field(i)
		b, ok := v.Field(i).Addr().Interface().(*key.Binding)
		if !ok {
			continue // Verdicts
		}
		want := strings.ToLower(f.Name[:1]) + f.Name[1:]
		if got, ok := seen[b]; !ok {
			t.Errorf("%s has no row in the table", f.Name)
		} else if got != want {
			t.Errorf("%s is named %q in the table, want %q", f.Name, got, want)
		}
	}
}

func TestCheckKey(t *testing.T) {
	for _, k := range []string{"A", "/", "1", "é", "ctrl+a", "alt+X", "shift+tab", "f5", "space", "pgdown", "enter"} {
		if err := CheckKey(k); err != nil {
			t.Errorf("CheckKey(%q): %v", k, err)
		}
	}
	for _, k := range []string{"", " ", "ctrl+", "hello", "super+a", "\x1b", "ctrl+\u202e", "shift+n", "alt+shift+x"} {
		if err := CheckKey(k); err == nil {
			t.Errorf("CheckKey(%q) passed", k)
		}
	}
}

func TestRebind(t *testing.T) {
	k := Default()
	if err := k.Rebind("confirmSafe", []string{"A", "ctrl+s"}); err != nil {
		t.Fatal(err)
	}
	b, _ := k.Verdict("confirmSafe")
	if got := b.Keys(); len(got) != 2 || got[0] != "A" || b.Help().Key != "A/ctrl+s" || b.Help().Desc != "confirm safe" {
		t.Errorf("after Rebind: keys %v, help %+v", got, b.Help())
	}
	if err := k.Rebind("dismiss", []string{"X", "X"}); err != nil {
		t.Fatal(err)
	}
	if b, _ := k.Verdict("dismiss"); len(b.Keys()) != 1 {
		t.Errorf("[X, X] binds %v", b.Keys())
	}
	if err := k.Rebind("confirmSafely", []string{"A"}); err == nil || !strings.Contains(err.Error(), "confirmSafe") {
		t.Errorf("an unknown action: %v", err)
	}
	if err := k.Rebind("quit", []string{"nope"}); err == nil {
		t.Error("a key that is no key was taken")
	}
}
