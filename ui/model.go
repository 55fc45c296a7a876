// Package ui is the Bubble Tea program of signin-triage: the root model
// composes the sign-in table, the selection, the confirmation dialogs, the
// status pane and the help. It talks to Graph only through commands that
// return typed messages; Update and View never block.
package ui

import (
	"cmp"
	"context"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/keymap"
	"github.com/signin-triage/signin-triage/theme"
)

// Config is what the UI is built from.
type Config struct {
	// Graph lists sign-ins and sends actions.
	Graph Graph
	// Query is what to list at start and on reload.
	Query graph.Query
	// Keys are the key bindings; the zero value means keymap.Default().
	Keys *keymap.KeyMap
	// Source names where the data comes from, for the header (e.g. the Graph
	// host, or "demo: simulated tenant").
	Source string
	// Now is the clock for the session record; nil means time.Now.
	Now func() time.Time
	// ExportDir is where e writes its files; empty means the working
	// directory.
	ExportDir string
	// Journal is the action journal, if the session keeps one.
	Journal Journal
	// Verdicts are the verdicts the analyst can send, the same table the
	// graph client was given; nil means graph.StandardVerdicts().
	Verdicts graph.Verdicts
	// Notices are said in the status pane at start (requests an earlier run
	// left without an outcome).
	Notices []string
}

// Model is the root model. Use New; the zero value is not usable.
type Model struct {
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

	table    signInTable
	selected selection
	rng      span
	outcomes map[string]idOutcome

	notLoaded int // selected IDs not among the loaded rows; see recount
	hiddenSel int // selected rows the filter hides; see recount
	find      finder
	order     sortSpec
	hidden    int // loaded rows whose risk level Graph hides (no P2 licence)

	listing     listing
	dispatch    dispatch
	dispatchSeq int
	log         actionLog

	dialog  dialog
	details *detailsView // the sign-in shown in full, if any
	journal Journal
	// journalView is the J view, when it is open.
	journalView *journalView
	groups      *groupView // the grouped view, when it is on
	grouped     int        // the table's view version the groups were built from
	// lastGroups is the grouped view an opened group came from.
	lastGroups *groupView
	note       string           // a one-off hint, cleared by the next key
	prompt     *SignInPromptMsg // a device code to show until the sign-in is done
	// quitWhenDone quits once the dispatch ends (the analyst chose to let
	// the request in flight finish).
	quitWhenDone bool
	// needSignIn is set by a 401: Graph refused the token, and L offers a
	// new sign-in.
	needSignIn bool
	help       help.Model
	spinner    spinner.Model
	spinning   bool
}

// New builds the UI. It starts listing when the program starts it (Init).
func New(cfg Config) *Model {
	keys := keymap.Default()
	if cfg.Keys != nil {
		keys = *cfg.Keys
	}
	now := cfg.Now
	if now == nil {
		now = time.Now
	}
	verdicts := cfg.Verdicts
	if verdicts == nil {
		verdicts = graph.StandardVerdicts()
	}
	keys.Verdicts = slices.Clone(keys.Verdicts)
	for i, vk := range keys.Verdicts {
		// The verdict's words come from the verdict table.
		if v, ok := verdicts.Named(vk.Verdict); ok {
			keys.Verdicts[i].SetHelp(vk.Help().Key, v.Short)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &Model{
		verdicts:  verdicts,
		log:       actionLog{now: now},
		graph:     cfg.Graph,
		exportDir: cmp.Or(cfg.ExportDir, "."),
		journal:   cfg.Journal,
		query:     cfg.Query,
		source:    cfg.Source,
		keys:      keys,
		ctx:       ctx,
		cancel:    cancel,
		table:     newSignInTable(),
		selected:  newSelection(),
		outcomes:  map[string]idOutcome{},
		help:      help.New(),
		find:      newFinder(),
		spinner:   spinner.New(spinner.WithSpinner(spinner.MiniDot)),
	}
	m.setTheme(true)
	m.updateKeybindings()
	for _, n := range cfg.Notices {
		m.log.add(logErr, "⚠ "+n)
	}
	return m
}

// Init starts the listing and asks the terminal for its background colour.
func (m *Model) Init() tea.Cmd {
	return tea.Batch(m.startListing(), tea.RequestBackgroundColor)
}

// Update dispatches each message to its handler.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
		m.layout()
	case tea.BackgroundColorMsg:
		m.setTheme(msg.IsDark())
	case SignInPromptMsg:
		m.prompt = &msg
	case tea.KeyPressMsg:
		cmd = m.handleKey(msg)
	case pageLoadedMsg:
		cmd = m.handlePage(msg)
	case batchDoneMsg:
		cmd = m.handleBatch(msg)
	case dispatchDoneMsg:
		if msg.id == m.dispatch.id {
			m.finishDispatch()
			if m.quitWhenDone {
				m.cancel()
				cmd = tea.Quit
			}
		}
	case exportDoneMsg:
		m.handleExportDone(msg)
	case spinner.TickMsg:
		cmd = m.handleTick(msg)
		return m, cmd
	}
	m.updateKeybindings()
	m.recount()
	m.layout() // the header grows a line while a filter is shown
	m.refreshDetails()
	m.refreshJournalView()
	m.refreshGroups()
	return m, cmd
}

// recount refreshes the counts the header shows, once per message rather
// than on every frame: the cost grows with the selection, not the screen.
func (m *Model) recount() {
	m.notLoaded, m.hiddenSel = 0, 0
	for id := range m.selected.ids {
		switch loaded, shown := m.table.isShown(id); {
		case !loaded:
			m.notLoaded++
		case !shown:
			m.hiddenSel++
		}
	}
}

func (m *Model) setTheme(isDark bool) {
	m.styles = theme.New(isDark)
	m.help.Styles = m.styles.Help
	m.find.input.SetStyles(m.styles.Input)
	m.spinner.Style = m.styles.PaneTitle
}

// updateKeybindings switches bindings on and off from the state, in one
// place: the help shows only what works now.
func (m *Model) updateKeybindings() {
	inDialog := m.dialog != nil || m.find.typing || m.details != nil || m.journalView != nil
	for _, b := range []*key.Binding{
		&m.keys.Up, &m.keys.Down, &m.keys.PageUp, &m.keys.PageDown, &m.keys.Top, &m.keys.Bottom,
		&m.keys.Toggle, &m.keys.Range, &m.keys.SelectAll, &m.keys.Clear, &m.keys.Reload, &m.keys.Help,
		&m.keys.Filter, &m.keys.SelectedOnly, &m.keys.Sort, &m.keys.SortOrder, &m.keys.Details, &m.keys.Export, &m.keys.Query,
	} {
		b.SetEnabled(!inDialog)
	}
	for i, vk := range m.keys.Verdicts {
		_, known := m.verdicts.Named(vk.Verdict)
		m.keys.Verdicts[i].SetEnabled(known && !inDialog && !m.dispatch.running && !m.graph.ReadOnly())
	}
	m.keys.SignIn.SetEnabled(!inDialog && m.needSignIn && m.graph.CanSignInAgain())
	m.keys.Quit.SetEnabled(true)
	_, exporting := m.dialog.(*exportDialog)
	_, editing := m.dialog.(*queryEditor)
	for _, b := range []*key.Binding{&m.keys.NextField, &m.keys.PrevField, &m.keys.Apply, &m.keys.Cancel} {
		b.SetEnabled(editing)
	}
	_, quitting := m.dialog.(*quitDialog)
	m.keys.Yes.SetEnabled(m.dialog != nil && !exporting && !editing && !quitting)
	m.keys.No.SetEnabled(m.dialog != nil && !exporting && !editing)
	m.keys.FinishThenQuit.SetEnabled(quitting)
	m.keys.QuitNow.SetEnabled(quitting)
	m.keys.ExportView.SetEnabled(exporting)
	m.keys.ExportSelection.SetEnabled(exporting)
	inDetails := m.details != nil && m.dialog == nil
	for _, b := range []*key.Binding{&m.keys.Back, &m.keys.CopyID, &m.keys.CopyUserIP} {
		b.SetEnabled(inDetails)
	}
	m.keys.Back.SetEnabled(inDetails || m.journalView != nil || (m.find.pick != nil && !inDialog))
	m.keys.Journal.SetEnabled(m.dialog == nil && !m.find.typing && m.details == nil)
	m.keys.Group.SetEnabled(!inDialog)
	m.keys.GroupBy.SetEnabled(!inDialog && m.groups != nil)
	if inDetails {
		for _, b := range []*key.Binding{&m.keys.Up, &m.keys.Down, &m.keys.PageUp, &m.keys.PageDown, &m.keys.Toggle} {
			b.SetEnabled(true)
		}
	}
	m.keys.FilterApply.SetEnabled(m.find.typing)
	m.keys.FilterClear.SetEnabled(m.find.typing)
	if m.rng.active {
		m.keys.Range.SetHelp(m.keys.Range.Help().Key, "end range")
	} else {
		m.keys.Range.SetHelp(m.keys.Range.Help().Key, "range")
	}
}

// handleKey sends a key to whatever has the keys: a dialog, the filter
// input, the details, else the keys that work everywhere, then the grouped
// view or the rows.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	switch {
	case m.dialog != nil:
		return m.handleDialogKey(msg)
	case m.find.typing:
		return m.handleFilterKey(msg)
	}
	m.note = ""
	if m.details != nil {
		return m.handleDetailsKey(msg)
	}
	if m.journalView != nil {
		return m.handleJournalKey(msg)
	}
	if cmd, ok := m.handleGlobalKey(msg); ok {
		return cmd
	}
	if m.groups != nil {
		m.handleGroupKey(msg)
		return nil
	}
	m.handleRowsKey(msg)
	return nil
}

// handleGlobalKey handles the keys that mean the same in the rows and the
// grouped view. ok is false when the key is not one of them.
func (m *Model) handleGlobalKey(msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return m.quit(), true
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.layout()
	case key.Matches(msg, k.Reload):
		if m.listing.err != nil && m.table.len() > 0 {
			return m.resumeListing(), true
		}
		return m.reload(), true
	case key.Matches(msg, k.SignIn):
		return m.signInAgain(), true
	case key.Matches(msg, k.Filter):
		return m.startFilter(), true
	case key.Matches(msg, k.SelectedOnly):
		m.toggleSelectedOnly()
	case key.Matches(msg, k.Export):
		m.askExport()
	case key.Matches(msg, k.Query):
		return m.openQueryEditor(), true
	case key.Matches(msg, k.Journal):
		m.openJournalView()
	case m.verdictOf(msg) != nil:
		m.askConfirm(*m.verdictOf(msg))
	case m.graph.ReadOnly() && isVerdictKey(k, msg):
		m.note = "Read-only: actions are off in this session (started with --read-only)."
	default:
		return nil, false
	}
	return nil, true
}

// handleRowsKey handles the keys of the sign-in rows.
func (m *Model) handleRowsKey(msg tea.KeyPressMsg) {
	k := m.keys
	switch {
	case key.Matches(msg, k.Group):
		m.endRange()
		m.groups = &groupView{by: byUser}
		m.grouped = -1
	case key.Matches(msg, k.Back) && m.find.pick != nil:
		m.closePick()
	case key.Matches(msg, k.Details):
		m.openDetails()
	case key.Matches(msg, k.Sort):
		m.setOrder(m.order.next())
	case key.Matches(msg, k.SortOrder):
		m.setOrder(sortSpec{field: m.order.field, asc: !m.order.asc})
	default:
		m.handleTableKey(msg)
	}
}

// isVerdictKey reports a key that belongs to a verdict, enabled or not.
func isVerdictKey(k keymap.KeyMap, msg tea.KeyPressMsg) bool {
	for _, vk := range k.Verdicts {
		if slices.Contains(vk.Keys(), msg.String()) {
			return true
		}
	}
	return false
}

// verdictOf is the verdict whose live binding msg is, if any.
func (m *Model) verdictOf(msg tea.KeyPressMsg) *graph.Verdict {
	for _, vk := range m.keys.Verdicts {
		if key.Matches(msg, vk.Binding) {
			if v, ok := m.verdicts.Named(vk.Verdict); ok {
				return &v
			}
		}
	}
	return nil
}

// verdictKeysText names each verdict's key: "S confirm safe, C confirm
// compromised or D dismiss".
func (m *Model) verdictKeysText() string {
	var parts []string
	for _, vk := range m.keys.Verdicts {
		if v, ok := m.verdicts.Named(vk.Verdict); ok {
			parts = append(parts, vk.Help().Key+" "+v.Verb)
		}
	}
	if len(parts) < 2 {
		return strings.Join(parts, "")
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

func (m *Model) handleTableKey(msg tea.KeyPressMsg) {
	k, t := m.keys, &m.table
	switch {
	case key.Matches(msg, k.Up):
		t.move(-1)
	case key.Matches(msg, k.Down):
		t.move(1)
	case key.Matches(msg, k.PageUp):
		t.move(-t.height)
	case key.Matches(msg, k.PageDown):
		t.move(t.height)
	case key.Matches(msg, k.Top):
		t.moveTo(0)
	case key.Matches(msg, k.Bottom):
		t.moveTo(t.shownLen() - 1)
	case key.Matches(msg, k.Toggle):
		if m.rng.active {
			m.endRange()
			return
		}
		if s, ok := t.current(); ok {
			m.selected.toggle(s.ID)
			t.move(1)
		}
	case key.Matches(msg, k.Range):
		if m.rng.active {
			m.endRange()
		} else if t.shownLen() > 0 {
			m.rng = span{active: true, anchor: t.cursor}
		}
	case key.Matches(msg, k.SelectAll):
		m.endRange()
		for i := range t.shownLen() {
			m.selected.add(t.at(i).ID)
		}
	case key.Matches(msg, k.Clear):
		m.rng = span{}
		m.selected.clear()
	}
}

func (m *Model) handleDialogKey(msg tea.KeyPressMsg) tea.Cmd {
	yes := key.Matches(msg, m.keys.Yes)
	switch d := m.dialog.(type) {
	case *confirmDialog:
		m.dialog = nil
		if yes {
			return m.startDispatch(d.plan)
		}
		m.note = "Canceled: nothing was sent."
	case *quitDialog:
		return m.handleQuitKey(msg)
	case *exportDialog:
		m.dialog = nil
		return m.handleExportKey(msg)
	case *queryEditor:
		return m.handleQueryKey(d, msg)
	}
	return nil
}

// handleQuitKey answers the quit dialog. Only QuitNow cuts the request in
// flight off; a second q, ctrl+c or f lets it finish first. A key the
// dialog does not name leaves it open.
func (m *Model) handleQuitKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.QuitNow):
		m.dialog = nil
		m.cancel()
		return tea.Quit
	case key.Matches(msg, k.FinishThenQuit):
		m.dialog = nil
		m.dispatch.stopAfter.Store(true)
		m.quitWhenDone = true
		m.note = "Finishing the request in flight; no other is sent. Quitting when it ends."
	case key.Matches(msg, k.No):
		m.dialog = nil
		m.note = "Still sending."
	}
	return nil
}

// quit ends the program, after asking if a dispatch is running.
func (m *Model) quit() tea.Cmd {
	if m.dispatch.running {
		m.dialog = &quitDialog{}
		return nil
	}
	m.cancel()
	return tea.Quit
}

func (m *Model) handleBatch(msg batchDoneMsg) tea.Cmd {
	if msg.id != m.dispatch.id {
		return nil
	}
	m.applyBatch(msg.result)
	return waitBatchCmd(msg.id, msg.more)
}

// busy reports whether anything is in flight, which keeps the spinner
// turning.
func (m *Model) busy() bool { return m.listing.loading || m.dispatch.running }

// spin starts the spinner if it is not turning already.
func (m *Model) spin() tea.Cmd {
	if m.spinning {
		return nil
	}
	m.spinning = true
	return m.spinner.Tick // a method value: the spinner is copied now
}

func (m *Model) handleTick(msg spinner.TickMsg) tea.Cmd {
	if !m.busy() {
		m.spinning = false
		return nil
	}
	var cmd tea.Cmd
	m.spinner, cmd = m.spinner.Update(msg)
	return cmd
}
