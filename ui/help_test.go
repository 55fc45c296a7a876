package ui

import (
	"regexp"
	"strings"
	"testing"

	"charm.land/bubbles/v2/key"
	"github.com/charmbracelet/x/ansi"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/ui/filter"
)

// TestHelpListsEveryKeyAndWhatDoesNothingHere: ? opens the reference of
// every key, the screen it came from first; at 80 columns every binding of
// the keymap is in it (scrolling where it must), no line is wider than
// the terminal, a key that does nothing there is marked ○ and the help
// says why; ? closes it again.
func TestHelpListsEveryKeyAndWhatDoesNothingHere(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 80}, 0)
	h := loaded(t, e, 80, 24)
	h.press(keys.Help)
	help, ok := h.m.top().(*helpScreen)
	if !ok {
		t.Fatal("? did not open the help")
	}
	if !strings.Contains(h.prose(), "Keys here: Rows") {
		t.Fatalf("the help does not start with the screen it came from:\n%s", h.screen())
	}
	text := ansi.Strip(help.text())
	for i, line := range strings.Split(text, "\n") {
		if w := ansi.StringWidth(line); w > 80 {
			t.Errorf("line %d is %d cells wide: %q", i+1, w, line)
		}
	}
	prose := strings.Join(strings.Fields(text), " ")
	for _, b := range keys.All() {
		// An entry: the ○ mark or a space, the key, then its description.
		entry := regexp.MustCompile(`(?m)(^|  )[○ ] ` + regexp.QuoteMeta(b.Help().Key) + ` +\S`)
		if !entry.MatchString(text) {
			t.Errorf("the help lacks the key %q (%s)", b.Help().Key, b.Help().Desc)
		}
	}
	// The filter's syntax warns that pw:verified includes the successes.
	syntax := strings.Join(strings.Fields(ansi.Strip(strings.Join(filterSyntax(h.m.styles, 36), " "))), " ")
	if !strings.Contains(text, "Filter syntax (/)") ||
		!strings.Contains(syntax, "pw:verified includes every success: result:interrupted pw:verified is \"stopped after the right password\"") {
		t.Errorf("the help does not say what pw:verified includes:\n%s", syntax)
	}
	// L is off until Graph refuses the sign-in: marked, and the help says why.
	marked := func(b key.Binding) bool {
		return regexp.MustCompile(`○ ` + regexp.QuoteMeta(b.Help().Key) + ` +` + regexp.QuoteMeta(strings.Fields(b.Help().Desc)[0])).MatchString(text)
	}
	if !marked(keys.SignIn) || !strings.Contains(prose, keys.SignIn.Help().Key+" "+keys.SignIn.Help().Desc+": does nothing now:") {
		t.Errorf("the help does not say that %s does nothing here:\n%s", keys.SignIn.Help().Key, text)
	}
	// A key of another screen only is listed under that screen, not
	// among the keys here.
	here := text[:strings.Index(text, "Groups")]
	if marked(keys.QuitNow) || strings.Contains(here, keys.QuitNow.Help().Desc) || !strings.Contains(text, "Quit while sending") {
		t.Errorf("the help lists %s among the keys here, or not under its screen:\n%s", keys.QuitNow.Help().Key, text)
	}
	// The verdicts read as the verdict table words them, not the footer's
	// short word.
	if !strings.Contains(prose, safeKey.Help().Key+" "+verdict("confirmSafe").Verb) {
		t.Errorf("the help does not word the verdict as the table does:\n%s", text)
	}
	if !strings.Contains(text, "Fields: "+strings.SplitN(filter.FieldNames(), " ", 3)[0]) || !strings.Contains(text, "Filter syntax") || !strings.Contains(text, "ip:185.") {
		t.Errorf("the help does not give the filter's fields and examples:\n%s", text)
	}
	// Two columns at 80: fewer lines than keys.
	entries := 0
	for _, s := range referenceScreens(&h.m.session) {
		entries += len(s.commands())
	}
	if lines := strings.Count(text, "\n"); lines >= entries {
		t.Errorf("%d lines for %d keys", lines, entries)
	}
	if !strings.Contains(h.screen(), "  "+keys.Toggle.Help().Key) {
		t.Errorf("the help is not laid out in columns:\n%s", text)
	}
	h.press(keys.Help)
	if h.helpOpen() || !strings.Contains(h.screen(), "TIME (UTC)") {
		t.Errorf("a second ? did not close the help:\n%s", h.screen())
	}
}
