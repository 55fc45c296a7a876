// Package ui is the Bubble Tea program of signin-triage. The root model
// keeps a stack of screens (rows, groups, details, journal, help) with
// dialogs and the filter input on top: keys go to the top of the stack,
// which says whether it handled them and what the root should do; the
// footer shows the top's live keys. Every screen works on one session
// (the rows, the selection, what was sent). The UI talks to Graph only
// through commands that return typed messages; Update and View never block.
package ui

import (
	"cmp"
	"context"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/keymap"
)

// Config is what the UI is built from.
type Config struct {
	// Graph lists sign-ins and sends verdicts.
	Graph Graph
	// Query is what to list at start and on reload.
	Query graph.Query
	// Keys are the key bindings; the zero value means keymap.Default().
	Keys *keymap.KeyMap
	// KeyFile rebinds keys (the config file's keys: section), over Keys;
	// CheckKeys says what is wrong with it.
	KeyFile keymap.File
	// Source names where the data comes from, for the header (e.g. the Graph
	// host, or "demo: simulated tenant").
	Source string
	// Now is the clock for the session record; nil means time.Now.
	Now func() time.Time
	// Clock times the read delay of a verdict's dialog; nil means
	// time.Now. ReadDelay is that delay: zero means DefaultReadDelay, and a
	// negative one none (tests of other things only).
	Clock     func() time.Time
	ReadDelay time.Duration
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
	// Epilogue, when set, gives lines to print after the session's record
	// at exit (the demo's score).
	Epilogue func() []string
	// FirstPageSize is the first request's $top, smaller than the query's
	// page size so that the first rows show at once; zero means
	// DefaultFirstPageSize, and a negative size lists at the query's page
	// size from the first request (tests of the paging itself).
	FirstPageSize int
}

// Model is the root model: the session and the stack of screens on it.
// Use New; the zero value is not usable.
type Model struct {
	session
	stack   []screen // the rows at the bottom, the one with the keys on top
	keyFile keymap.File
	keyErr  error // why KeyFile could not be applied
	// held are keys pressed while the view was being rebuilt, to replay
	// in order once it is on screen; sliceAsked says a workMsg is on its
	// way. See work.go.
	held       []tea.KeyPressMsg
	heldFor    screen // the screen the first held key was pressed on
	sliceAsked bool
	firstPage  int       // the first request's $top (Config.FirstPageSize)
	gc         *gcTarget // set by Run: the collector's target follows the listing
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
	clock := cfg.Clock
	if clock == nil {
		clock = time.Now
	}
	verdicts := cfg.Verdicts
	if verdicts == nil {
		verdicts = graph.StandardVerdicts()
	}
	keys.Verdicts = slices.Clone(keys.Verdicts)
	keyErr := bindKeys(&keys, cfg.KeyFile)
	for i, vk := range keys.Verdicts {
		// The verdict's words come from the verdict table.
		if v, ok := verdicts.Named(vk.Verdict); ok {
			keys.Verdicts[i].SetHelp(vk.Help().Key, v.Short)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	m := &Model{session: session{
		verdicts:  verdicts,
		log:       actionLog{now: now},
		clock:     clock,
		readDelay: max(cmp.Or(cfg.ReadDelay, DefaultReadDelay), 0),
		graph:     cfg.Graph,
		exportDir: absDir(cmp.Or(cfg.ExportDir, ".")),
		journal:   cfg.Journal,
		query:     cfg.Query,
		source:    cfg.Source,
		keys:      keys,
		ctx:       ctx,
		cancel:    cancel,
		table:     newSignInTable(),
		outcomes:  map[string]idOutcome{},
		sentUsers: map[string]sentUser{},
		risk:      newRiskReads(),
		epilogue:  cfg.Epilogue,
		find:      newFinder(),
		spinner:   spinner.New(spinner.WithSpinner(spinner.MiniDot)),
	}}
	m.selected = newSelection(&m.table)
	m.keyFile, m.keyErr = cfg.KeyFile, keyErr
	m.firstPage = cmp.Or(cfg.FirstPageSize, DefaultFirstPageSize)
	m.stack = []screen{newRowsScreen(&m.session, false)}
	m.listing.paging = graph.NewPaging(cfg.Query.RowCap()) // Init starts a listing with its own
	m.setTheme(true)
	for _, n := range cfg.Notices {
		m.log.add(logErr, "⚠ "+n)
	}
	return m
}

// Init starts the listing and asks the terminal for its background colour.
func (m *Model) Init() tea.Cmd {
	listing := m.startListing()
	m.gc.follow(m.listing.loading) // raised as the listing starts; Update follows it on
	return tea.Batch(listing, tea.RequestBackgroundColor)
}

// absDir is dir as an absolute path, so that the export dialog and the
// status pane name where files go ("." reads like a typo), or dir itself
// if it cannot be resolved.
func absDir(dir string) string {
	if abs, err := filepath.Abs(dir); err == nil {
		return abs
	}
	return dir
}

// top is the screen that has the keys.
func (m *Model) top() screen { return m.stack[len(m.stack)-1] }

// Update dispatches each message to its handler.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tea.BackgroundColorMsg:
		m.setTheme(msg.IsDark())
	case tea.ModeReportMsg:
		m.measure = widthMethodAfter(msg, m.measure)
	case SignInPromptMsg:
		m.prompt = &msg
	case tea.KeyPressMsg:
		cmd = m.handleKey(msg)
	case pageLoadedMsg:
		cmd = m.handlePage(msg)
	case batchDoneMsg:
		cmd = m.handleBatch(msg)
	case dispatchDoneMsg:
		cmd = m.handleDispatchDone(msg)
	case exportDoneMsg:
		m.handleExportDone(msg)
	case throttleMsg:
		cmd = m.handleThrottle(msg)
	case throttleTickMsg:
		cmd = m.throttleTick()
	case detectionsMsg:
		m.risk.gotDetections(msg, m.log.now())
	case riskyUserMsg:
		m.risk.gotUser(msg, m.log.now())
	case namedLocationsMsg:
		m.gotNetworks(msg)
		m.markOpenLogs()
	case workMsg:
		m.sliceAsked = false
		m.advanceRebuild()
	case replyMsg:
		if i := slices.Index(m.stack, msg.to); i >= 0 {
			if r, ok := m.stack[i].(receiver); ok {
				cmd = r.receive(msg.msg)
			}
		}
	case spinner.TickMsg:
		return m, m.handleTick(msg)
	default:
		// Cursor blinks, pastes and the replies to a screen's own work go
		// to the top.
		if r, ok := m.top().(receiver); ok {
			cmd = r.receive(msg)
		}
	}
	m.afterMessage()
	if len(m.held) > 0 && !m.working() {
		// Each replayed key is a message of its own: afterMessage runs
		// once after each.
		cmd = tea.Batch(cmd, m.replayHeld())
	}
	if gc := m.gc.follow(m.listing.loading); gc != nil {
		cmd = tea.Batch(cmd, gc)
	}
	return m, tea.Batch(cmd, m.nextSlice())
}

// afterMessage brings what is derived from the session up to date, once
// per message: the counts, the layout, and each screen's own view of the
// session (a screen whose sign-in a reload took away closes).
func (m *Model) afterMessage() {
	m.recount()
	m.layout()
	for i := len(m.stack) - 1; i > 0; i-- {
		if r, ok := m.stack[i].(refresher); ok && !r.refresh() {
			m.stack = slices.Delete(m.stack, i, i+1)
		}
	}
	if l, ok := m.top().(layoutWatcher); ok {
		l.laidOut() // a verdict's dialog learns whether it is still whole
	}
}

// handleKey gives the key to the top of the stack. A key it does not
// handle does nothing but, when it belongs to a command that is off, say
// why.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	if m.holdKey(msg) {
		return nil
	}
	return m.handleKeyNow(msg)
}

// handleKeyNow is handleKey for a key not held.
func (m *Model) handleKeyNow(msg tea.KeyPressMsg) tea.Cmd {
	if m.tooSmall() {
		// Nothing is drawn but the request to enlarge: no key may act
		// unseen, a verdict's yes least of all. Quitting still works.
		if key.Matches(msg, m.keys.Quit) {
			return m.do(askQuit{})
		}
		return nil
	}
	top := m.top()
	m.note = ""
	act, ok := top.update(msg)
	if !ok {
		switch why, b, found := offReason(top, msg); {
		case found:
			m.note = b.Help().Key + " does nothing now: " + why + "."
		case top.layer() == layerDialog:
			m.note = "The dialog waits for an answer: " + keyList(liveBindings(top)) + "."
		case isKeymapKey(m.keys, msg):
			m.note = fmt.Sprintf("%s does nothing on this screen (%s); %s lists its keys.",
				msg.String(), strings.ToLower(top.title()), m.keys.Help.Help().Key)
		}
		return nil
	}
	cmd := m.do(act)
	if why := m.selected.takeRefused(); why != "" {
		m.note = why // a sign-in that cannot be sent was not selected
	}
	return cmd
}

// isKeymapKey reports a key that means something on some screen.
func isKeymapKey(k keymap.KeyMap, msg tea.KeyPressMsg) bool {
	for _, b := range k.All() {
		if slices.Contains(b.Keys(), msg.String()) {
			return true
		}
	}
	return false
}

// do carries out what a screen asked for.
func (m *Model) do(act action) tea.Cmd {
	switch a := act.(type) {
	case nil:
	case pushScreen:
		m.endRange()
		return m.push(a.s)
	case popScreen:
		focus := m.pop()
		if a.note != "" {
			m.note = a.note
		}
		return tea.Batch(focus, m.do(a.then))
	case askVerdict:
		return m.askConfirm(a.v)
	case askUserAction:
		return m.push(newConfirmDialog(&m.session, m.newUserPlan(a.v, a.users, 0)))
	case sendPlan:
		return m.startDispatch(a.p)
	case askQuit:
		return m.quit()
	case quitNow:
		m.cancel()
		return tea.Quit
	case finishQuit:
		if !m.dispatch.running {
			m.cancel()
			return tea.Quit
		}
		m.dispatch.stopAfter.Store(true)
		m.quitWhenDone = true
		m.note = "Finishing the request in flight; no other is sent. Quitting when it ends."
	case reloadList:
		if m.listing.err != nil && m.table.len() > 0 {
			return m.resumeListing()
		}
		return m.reload()
	case signInNew:
		return m.signInAgain()
	case exportRows:
		if a.followUps {
			return exportFollowUpsCmd(m.followUps(), m.exportDir, m.log.now())
		}
		return m.export(a.selected)
	case applyQuery:
		m.query = a.q
		m.log.add(logInfo, "Query changed to: "+graph.DescribeQuery(a.q.At(m.log.now()))+".")
		return m.reload()
	case runCmd:
		return a.cmd
	}
	return nil
}

// quit ends the program, after asking if a dispatch is running.
func (m *Model) quit() tea.Cmd {
	if m.dispatch.running {
		return m.push(newQuitDialog(&m.session))
	}
	m.cancel()
	return tea.Quit
}

func (m *Model) handleBatch(msg batchDoneMsg) tea.Cmd {
	if msg.id != m.dispatch.id {
		return nil
	}
	m.applyBatch(msg.result)
	return waitBatchCmd(m.graph, msg.id, msg.more)
}

func (m *Model) handleDispatchDone(msg dispatchDoneMsg) tea.Cmd {
	if msg.id != m.dispatch.id {
		return nil
	}
	m.finishDispatch()
	if m.quitWhenDone {
		m.cancel()
		return tea.Quit
	}
	return nil
}
