package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// quitDialog asks before quitting while a dispatch is running. Only its
// QuitNow key cuts the request in flight off; a second q, ctrl+c or f lets
// it finish first; n or esc keeps sending.
type quitDialog struct{ ses *session }

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(90, func(ses *session) screen { return newQuitDialog(ses) })
}

func newQuitDialog(ses *session) *quitDialog { return &quitDialog{ses: ses} }

func (d *quitDialog) title() string { return "Quit while sending" }

func (d *quitDialog) layer() layer { return layerDialog }

func (d *quitDialog) commands() []command {
	k := d.ses.keys
	return []command{
		live(k.FinishThenQuit, func() action { return popScreen{then: finishQuit{}} }),
		live(k.QuitNow, func() action { return popScreen{then: quitNow{}} }),
		live(described(k.No, "keep sending"), func() action { return popScreen{note: "Still sending."} }),
	}
}

func (d *quitDialog) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(d.commands(), msg)
}

// refresh closes the dialog once nothing is in flight any more: the
// question no longer stands.
func (d *quitDialog) refresh() bool {
	if d.ses.dispatch.running {
		return true
	}
	d.ses.note = "The dispatch ended: nothing is in flight. " + d.ses.keys.Quit.Help().Key + " quits."
	return false
}

func (d *quitDialog) view(width, height int) string {
	m := d.ses
	st := m.styles
	dp := m.dispatch
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render("Quit while sending?"))
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "%s is running: %d of %d requests reported.\n", dp.verdict, dp.reported, dp.requests)
	k := m.keys
	fmt.Fprintf(&b, "%s  let the request in flight finish, send no other, then quit\n", fit(st.Key.Render(k.FinishThenQuit.Help().Key), 5))
	fmt.Fprintf(&b, "%s  quit now, cutting the request in flight off: Graph may or\n       may not apply it; its sign-ins end unknown, to check\n       before sending them again\n", fit(st.Key.Render(k.QuitNow.Help().Key), 5))
	fmt.Fprintf(&b, "%s  keep sending", fit(st.Key.Render(k.No.Help().Key), 5))
	return dialogBox(st.Dialog, b.String(), 72, width, height)
}
