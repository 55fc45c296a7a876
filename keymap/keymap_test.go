package keymap

import (
	"reflect"
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
			if len(vks) != 3 {
				t.Errorf("%d verdict keys, want the three verdicts'", len(vks))
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
	// All, which tests press every key of, lists every binding.
	if n := len(km.All()); n != fields {
		t.Errorf("All lists %d bindings, KeyMap has %d", n, fields)
	}
}

// TestNoKeyIsBoundTwice: one key must never mean two things in the table
// view (the dialog keys are only live while a dialog is open).
func TestNoKeyIsBoundTwice(t *testing.T) {
	km := Default()
	seen := map[string]string{}
	for _, group := range km.FullHelp() {
		for _, b := range group {
			for _, k := range b.Keys() {
				if other, dup := seen[k]; dup {
					t.Errorf("key %q is bound to %q and %q", k, other, b.Help().Desc)
				}
				seen[k] = b.Help().Desc
			}
		}
	}
}

func TestFullHelpListsEveryTableBinding(t *testing.T) {
	km := Default()
	listed := map[string]bool{}
	for _, group := range km.FullHelp() {
		for _, b := range group {
			listed[b.Help().Desc] = true
		}
	}
	for _, b := range []key.Binding{km.Up, km.Down, km.PageUp, km.PageDown, km.Top, km.Bottom, km.Toggle, km.Range,
		km.SelectAll, km.Clear, km.Filter, km.SelectedOnly, km.Sort, km.SortOrder, km.Details, km.Group, km.GroupBy, km.Verdicts[0].Binding, km.Verdicts[1].Binding, km.Verdicts[2].Binding, km.Query, km.Reload, km.Export, km.Journal, km.SignIn, km.Help, km.Quit} {
		if !listed[b.Help().Desc] {
			t.Errorf("%q is missing from the full help", b.Help().Desc)
		}
	}
}
