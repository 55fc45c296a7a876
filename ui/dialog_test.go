package ui

import "testing"

func TestListSome(t *testing.T) {
	if got := listSome([]string{"a", "b", "c"}, 2); got != "  a\n  b\n  … and 1 more" {
		t.Errorf("listSome = %q", got)
	}
	if got := listSome([]string{"a"}, 5); got != "  a" {
		t.Errorf("listSome = %q", got)
	}
}
