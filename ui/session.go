package ui

import (
	"fmt"
	"time"

	"context"
	"strings"

	"charm.land/bubbles/v2/key"

	"charm.land/bubbles/v2/spinner"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/keymap"
	"github.com/signin-triage/signin-triage/theme"
)

// session is what every screen of the UI works on, in the spirit of
// soft-serve's Common: the loaded rows and the view of them, the
// selection, the outcomes of what was sent, the listing and the dispatch,
// and the keys and styles. The root owns it and hands each screen a
// pointer; a screen changes the selection, the cursor and the filter
// through it, and asks the root (with an action) for anything else.
type session struct {
	graph     Graph
	query     graph.Query
	exportDir string
	source    string
	keys      keymap.KeyMap
	verdicts  graph.Verdicts
	styles    theme.Styles

	ctx    context.Context // canceled when the program quits
	cancel context.CancelFunc

	width, height int
	// measure is how the renderer measures text (cellwidth.go): by code
	// points, the zero value, until the terminal reports mode 2027.
	measure ansi.Method

	table    signInTable
	selected selection
	rng      span
	outcomes map[string]idOutcome
	// sentUsers are the users of the sign-ins sent this session, by ID: a
	// reload may take their rows away (a decided sign-in is no longer at
	// risk), and the guard's dialog still names them.
	sentUsers map[string]sentUser

	notLoaded         int // selected IDs not among the loaded rows; see recount
	selectedOutOfView int // selected rows not in view; see recount
	find              finder
	// pending is the rebuild of the view in progress (work.go); spare
	// is the last rebuild's buffers, for the next.
	pending *rebuild
	spare   *rebuild
	// built is the rule the view on screen was built with, and builtRows
	// the rows it has tested: the first rows loaded, then each page
	// loaded while no rebuild was pending (see viewRule.narrows).
	built      viewRule
	builtRows  int
	order      sortSpec
	riskHidden int // loaded rows whose risk level Graph hides (no P2 licence)

	listing     listing
	dispatch    dispatch
	dispatchSeq int
	log         actionLog
	// requests are every request of the session's dispatches, oldest
	// first: the request log (J) shows them.
	requests []request
	journal  Journal
	// userLogs are the users' logs U has read, by user ID, until the
	// listing is loaded again (userlog.go).
	userLogs map[string]readLog
	// risk caches the Identity Protection reads the details show.
	risk riskReads
	// nets are the tenant's named locations (networks.go).
	nets networkRead
	// riskyFilters are the risky users' filters kept this session
	// (filterInput; the sign-ins' are in find).
	riskyFilters []string
	// throttle is Graph's current wait before a retry.
	throttle throttling
	// epilogue gives the lines printed after the record at exit.
	epilogue func() []string

	// clock and readDelay time how long a verdict's dialog has been read
	// (Config.Clock, Config.ReadDelay).
	clock     func() time.Time
	readDelay time.Duration

	note   string           // a one-off hint, cleared by the next key
	prompt *SignInPromptMsg // a device code to show until the sign-in is done
	// quitWhenDone quits once the dispatch ends (the analyst chose to let
	// the request in flight finish).
	quitWhenDone bool
	// needSignIn is set by a 401: Graph refused the token, and L offers a
	// new sign-in.
	needSignIn bool
	spinner    spinner.Model
	spinning   bool
}

// askedState is the one risk state the query asks for, if it asks for
// exactly one: the table need not repeat it on every row.
func (ses *session) askedState() graph.RiskState {
	if len(ses.query.RiskStates) == 1 {
		return ses.query.RiskStates[0]
	}
	return ""
}

// sentUser is the user of a sign-in sent this session.
type sentUser struct{ key, name string }

// recount refreshes the counts the header shows, once per message rather
// than on every frame: a walk over two flags per loaded row.
func (ses *session) recount() {
	t := &ses.table
	at := ses.selected.flags()
	ses.notLoaded = ses.selected.len() - ses.selected.loaded()
	ses.selectedOutOfView = 0
	for pos, on := range at {
		if on && !t.shown[pos] {
			ses.selectedOutOfView++
		}
	}
}

func (ses *session) setTheme(isDark bool) {
	ses.styles = theme.New(isDark)
	ses.find.input.SetStyles(ses.styles.Input)
	ses.spinner.Style = ses.styles.PaneTitle
}

// verdictCommands are the verdicts' keys, off with the reason when they
// cannot be sent now. A key whose verdict the table lacks is no command.
func (ses *session) verdictCommands() []command {
	var out []command
	for _, vk := range ses.keys.Verdicts {
		v, ok := ses.verdicts.Named(vk.Verdict)
		if !ok {
			continue
		}
		why := ""
		switch {
		case ses.graph.ReadOnly():
			why = "this session is read-only (" + ses.graph.ReadOnlyReason() + "): no verdict can be sent"
		case ses.dispatch.running:
			why = "a dispatch is running: wait for it to finish"
		case ses.journal != nil && ses.journal.Gap() != nil:
			why = "the journal cannot show that nothing was cut off its end, so no verdict is sent until `signin-triage journal reseal` records the gap (the status pane says what was found)"
		}
		c := offUnless(why == "", why, vk.Binding, func() action { return askVerdict{v} })
		c.about = v.Verb
		out = append(out, c)
	}
	return out
}

// userActionCommands are the user actions' keys, for the users chosen
// returns: off, with the reason, when they cannot be sent now.
func (ses *session) userActionCommands(chosen func() []followUp) []command {
	var out []command
	for _, vk := range ses.keys.Verdicts {
		v, ok := graph.UserActions().Named(vk.Verdict)
		if !ok {
			continue
		}
		why := ses.cannotSend()
		if why == "" && len(ses.graph.UserActions()) == 0 {
			why = graph.UserActionsOff
		}
		if why == "" && len(chosen()) == 0 {
			why = fmt.Sprintf("nothing is selected: %s selects the user under the cursor, %s every user",
				ses.keys.Toggle.Help().Key, ses.keys.SelectAll.Help().Key)
		}
		c := offUnless(why == "", why, described(vk.Binding, vk.Help().Desc), func() action { return askUserAction{v, chosen()} })
		c.about = v.Verb + " the selected users"
		out = append(out, c)
	}
	return out
}

// followUpCommand opens the users to follow up.
func (ses *session) followUpCommand() command {
	return live(ses.keys.FollowUp, func() action { return pushScreen{newFollowUpScreen(ses)} })
}

// riskyUsersCommand opens Identity Protection's risky users.
func (ses *session) riskyUsersCommand() command {
	return live(ses.keys.RiskyUsers, func() action { return pushScreen{newRiskyUsersScreen(ses)} })
}

// cannotSend says why no action can be sent now, "" when one can.
func (ses *session) cannotSend() string {
	switch {
	case ses.graph.ReadOnly():
		return "this session is read-only (" + ses.graph.ReadOnlyReason() + "): no action can be sent"
	case ses.dispatch.running:
		return "a dispatch is running: wait for it to finish"
	case ses.journal != nil && ses.journal.Gap() != nil:
		return "the journal cannot show that nothing was cut off its end, so no action is sent until `signin-triage journal reseal` records the gap (the status pane says what was found)"
	}
	return ""
}

// hideHandledCommand hides the sign-ins already decided, or shows them.
func (ses *session) hideHandledCommand() command {
	b := ses.keys.HideHandled
	if ses.find.hideHandled {
		b = described(b, "show handled")
	}
	return live(b, func() action { ses.toggleHideHandled(); return nil })
}

// quitCommand and helpCommand are on every full screen: quit early in
// the footer, help last (the footer ends with it when keys do not fit).
func (ses *session) quitCommand() command {
	return live(ses.keys.Quit, func() action { return askQuit{} })
}

// readerQuitCommands are the quit keys on a screen that reads (the help,
// the details, the request log): a reflex q there goes back, as esc does,
// and does not end the session with rows selected; a quit key with ctrl+
// (ctrl+c) still quits.
func (ses *session) readerQuitCommands() []command {
	var back, quit []string
	for _, k := range ses.keys.Quit.Keys() {
		if strings.HasPrefix(k, "ctrl+") {
			quit = append(quit, k)
		} else {
			back = append(back, k)
		}
	}
	var cmds []command
	if len(back) > 0 {
		b := key.NewBinding(key.WithKeys(back...), key.WithHelp(strings.Join(back, "/"), "back"))
		cmds = append(cmds, live(b, func() action { return popScreen{} }))
	}
	if len(quit) > 0 {
		b := key.NewBinding(key.WithKeys(quit...), key.WithHelp(strings.Join(quit, "/"), "quit"))
		cmds = append(cmds, live(b, func() action { return askQuit{} }))
	}
	return cmds
}

func (ses *session) helpCommand(from screen) command {
	return live(ses.keys.Help, func() action { return pushScreen{newHelpScreen(ses, from)} })
}

// signInCommand offers a new sign-in once Graph refused the one in use.
func (ses *session) signInCommand() command {
	why := "Graph has not refused the sign-in"
	if !ses.graph.CanSignInAgain() {
		why = "this session has no sign-in to renew"
	}
	return offUnless(ses.needSignIn && ses.graph.CanSignInAgain(), why, ses.keys.SignIn, func() action { return signInNew{} })
}

// verdictKeyNames lists the verdicts' keys: "S, C or D".
func (ses *session) verdictKeyNames() string {
	var keys []string
	for _, vk := range ses.keys.Verdicts {
		if _, ok := ses.verdicts.Named(vk.Verdict); ok {
			keys = append(keys, vk.Help().Key)
		}
	}
	return orList(keys)
}

// verdictKeysText names each verdict's key: "S confirm safe, C confirm
// compromised or D dismiss".
func (ses *session) verdictKeysText() string {
	var parts []string
	for _, vk := range ses.keys.Verdicts {
		if v, ok := ses.verdicts.Named(vk.Verdict); ok {
			parts = append(parts, vk.Help().Key+" "+v.Verb)
		}
	}
	return orList(parts)
}

// orList joins parts in running text: "a, b or c".
func orList(parts []string) string {
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}
