package ui

import (
	"cmp"
	"slices"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/ui/filter"
)

// helpScreen is the reference of every key (?), grouped by screen: the
// screen it was opened from first, then every other. A key that does
// nothing on the screen it was opened from says so, and why.
type helpScreen struct {
	pager
	ses  *session
	from screen // the screen below; nil in the reference itself
}

var _ screen = (*helpScreen)(nil)

func newHelpScreen(ses *session, from screen) *helpScreen {
	return &helpScreen{pager: newPager(), ses: ses, from: from}
}

func (h *helpScreen) title() string { return "Help" }

func (h *helpScreen) commands() []command {
	ses, k := h.ses, h.ses.keys
	back := func() action { return popScreen{} }
	cmds := []command{live(described(k.Back, "back"), back), live(described(k.Help, "close help"), back), ses.quitCommand()}
	return append(cmds, h.scrollCommands(k)...)
}

func (h *helpScreen) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(h.commands(), msg)
}

func (h *helpScreen) refresh() bool {
	h.show(h.ses, h.text())
	return true
}

// referenceScreens is one of each kind of screen, for the reference: only
// their commands are asked, so none gathers or draws anything (the groups
// screen gathers at its first refresh, which these never get).
func referenceScreens(ses *session) []screen {
	return []screen{
		newRowsScreen(ses, false), newGroupsScreen(ses), newRowsScreen(ses, true), newDetailsScreen(ses, ""),
		newRequestsScreen(ses), newFilterInput(ses), newQueryEditor(ses), newConfirmDialog(ses, plan{}),
		newQuitDialog(ses), &exportDialog{ses: ses}, newHelpScreen(ses, nil),
	}
}

// text is the reference: the screen below first, then the others.
func (h *helpScreen) text() string {
	st := h.ses.styles
	here := map[string]bool{} // the keys that do something on the screen below
	for _, b := range liveBindings(h.from) {
		for _, k := range b.Keys() {
			here[k] = true
		}
	}
	doesNothing := func(b key.Binding) bool {
		return !slices.ContainsFunc(b.Keys(), func(k string) bool { return here[k] })
	}
	var out []string
	section := func(title string, cmds []command, isHere bool) {
		out = append(out, st.PaneTitle.Render(title))
		for _, c := range cmds {
			line := "  " + fit(st.Key.Render(c.binding.Help().Key), 14) + " " + cmp.Or(c.about, c.binding.Help().Desc)
			switch {
			case isHere && c.off != "":
				line += st.Muted.Render("  (does nothing now: " + c.off + ")")
			case !isHere && doesNothing(c.binding):
				line += st.Muted.Render("  (not on this screen)")
			}
			out = append(out, wrapIndented(line, h.ses.width, 17))
		}
		out = append(out, "")
	}
	section("Here: "+h.from.title(), h.from.commands(), true)
	for _, s := range referenceScreens(h.ses) {
		if s.title() == h.from.title() {
			continue
		}
		section(s.title(), s.commands(), false)
		if _, ok := s.(*filterInput); ok {
			out[len(out)-1] = st.Muted.Render("  Fields: " + filter.FieldNames() + "; ! negates a term.\n")
		}
	}
	return strings.Join(out, "\n")
}

// wrapIndented wraps line to width, continuing under the description.
func wrapIndented(line string, width, indent int) string {
	lines := strings.Split(ansi.Wrap(line, max(width, indent+20), " "), "\n")
	for i := 1; i < len(lines); i++ {
		lines[i] = strings.Repeat(" ", indent) + strings.TrimLeft(lines[i], " ")
	}
	return ansi.Wrap(strings.Join(lines, "\n"), max(width, indent+20), "")
}
