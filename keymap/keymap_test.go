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
