package ui

import (
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/ui/filter"
)

// TestHelpListsEveryKeyAndWhatDoesNothingHere: ? opens the reference of
// every key, the screen it came from first; a key that does nothing there
// says so and why; ? closes it again.
func TestHelpListsEveryKeyAndWhatDoesNothingHere(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 80}, 0)
	h := loaded(t, e, 140, 200) // tall enough to hold the whole reference
	h.press(keys.Help)
	if !h.helpOpen() {
		t.Fatal("? did not open the help")
	}
	prose := h.prose()
	if !strings.Contains(prose, "Here: Rows") {
		t.Fatalf("the help does not start with the screen it came from:\n%s", h.screen())
	}
	for _, b := range keys.All() {
		if !strings.Contains(prose, b.Help().Key) {
			t.Errorf("the help lacks the key %q (%s)", b.Help().Key, b.Help().Desc)
		}
	}
	// L is off until Graph refuses the sign-in: the help says why.
	if !strings.Contains(prose, keys.SignIn.Help().Key+" "+keys.SignIn.Help().Desc+" (does nothing now:") {
		t.Errorf("the help does not say that %s does nothing here:\n%s", keys.SignIn.Help().Key, h.screen())
	}
	// A key of another screen only: marked as doing nothing here.
	if !strings.Contains(prose, keys.QuitNow.Help().Key+" "+keys.QuitNow.Help().Desc+" (not on this screen)") {
		t.Errorf("the help does not mark %s as doing nothing here", keys.QuitNow.Help().Key)
	}
	// The verdicts read as the verdict table words them, not the footer's
	// short word.
	if !strings.Contains(prose, safeKey.Help().Key+" "+verdict("confirmSafe").Verb) {
		t.Errorf("the help does not word the verdict as the table does:\n%s", h.screen())
	}
	if !strings.Contains(prose, "Fields: "+filter.FieldNames()) {
		t.Error("the help does not list the filter's fields")
	}
	h.press(keys.Help)
	if h.helpOpen() || !strings.Contains(h.screen(), "TIME (UTC)") {
		t.Errorf("a second ? did not close the help:\n%s", h.screen())
	}
}
