package ui

import (
	"encoding/json"
	"iter"
	"slices"
	"strings"
	"testing"
	"time"

	"charm.land/bubbles/v2/cursor"
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
	"github.com/signin-triage/signin-triage/graph/simtenant/simtest"
)

// testNow anchors the simulated tenant and the query, so views are stable.
var testNow = simtest.Now()

// env is a simulated tenant and a real graph client pointed at it.
type env struct {
	sim    *simtenant.Server
	client *graph.Client
}

func newEnv(t *testing.T, opts simtenant.Options, batchSize int) env {
	t.Helper()
	sim := simtest.Tenant(t, opts)
	return env{sim: sim, client: simtest.Client(t, sim, graph.Options{BatchSize: batchSize})}
}

func (e env) model(q graph.Query) *Model {
	return New(Config{Graph: e.client, Query: q, Source: "test tenant", Now: func() time.Time { return testNow }})
}

// pagedModel lists at q's page size from the first request, for tests of
// the paging itself that fault or hold a page by its number.
func (e env) pagedModel(q graph.Query) *Model {
	return New(Config{Graph: e.client, Query: q, Source: "test tenant", Now: func() time.Time { return testNow }, FirstPageSize: -1})
}

// harness drives a Model the way Bubble Tea does, without a terminal: every
// command runs on its own goroutine and its message comes back through
// Update on the test's goroutine. Spinner ticks and cursor blinks are
// dropped, so a harness settles once real work is done.
type harness struct {
	t       *testing.T
	m       *Model
	msgs    chan tea.Msg
	pending int
	quit    bool
	// hurried turns off reading: by default a key pressed (press, key) on
	// a verdict's dialog comes after the analyst read it (the read delay
	// is over), while text typed (typeText) comes in a burst; hurried
	// tests of the delay itself press keys on their own clock.
	hurried bool
}

func newHarness(t *testing.T, m *Model, width, height int) *harness {
	t.Helper()
	h := &harness{t: t, m: m, msgs: make(chan tea.Msg, 64)}
	t.Cleanup(m.cancel)
	h.update(tea.WindowSizeMsg{Width: width, Height: height})
	h.run(m.Init())
	return h
}

func (h *harness) run(cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	h.pending++
	go func() { h.msgs <- cmd() }()
}

func (h *harness) update(msg tea.Msg) {
	switch msg := msg.(type) {
	case nil, spinner.TickMsg, cursor.BlinkMsg:
		return
	case tea.BatchMsg:
		for _, c := range msg {
			h.run(c)
		}
		return
	case tea.QuitMsg:
		h.quit = true
		return
	}
	_, cmd := h.m.Update(msg)
	h.run(cmd)
}

// step handles one message, waiting at most d for it.
func (h *harness) step(d time.Duration) bool {
	select {
	case msg := <-h.msgs:
		h.pending--
		h.update(msg)
		return true
	case <-time.After(d):
		return false
	}
}

// settle handles messages until no command is outstanding.
func (h *harness) settle() {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for h.pending > 0 {
		if time.Now().After(deadline) {
			h.t.Fatalf("the model did not settle: %d commands outstanding", h.pending)
		}
		h.step(100 * time.Millisecond)
	}
}

// waitFor handles messages until cond holds.
func (h *harness) waitFor(what string, cond func() bool) {
	h.t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			h.t.Fatalf("timed out waiting for %s; screen:\n%s", what, h.screen())
		}
		h.step(50 * time.Millisecond)
	}
}

// readDialog waits out a verdict dialog's read delay, as an analyst reading it
// does, in the tests that run the program on the real clock (teatest).
func readDialog() { time.Sleep(DefaultReadDelay + 150*time.Millisecond) }

// press sends the first key of each binding, as a person would type it,
// and settles after each.
func (h *harness) press(bindings ...key.Binding) {
	h.t.Helper()
	for _, b := range bindings {
		h.readFirst()
		h.update(keyPress(b.Keys()[0]))
		h.settle()
	}
}

// readFirst is the analyst reading a verdict's dialog before a key.
func (h *harness) readFirst() {
	if d, ok := h.m.top().(*confirmDialog); ok && !h.hurried {
		d.since = d.since.Add(-time.Hour)
	}
}

// key sends one binding's key without waiting for the work it starts.
func (h *harness) key(b key.Binding) {
	h.readFirst()
	h.update(keyPress(b.Keys()[0]))
}

// screen is the view as plain text, the way the analyst reads it.
func (h *harness) screen() string {
	return ansi.Strip(h.m.View().Content)
}

// prose is the screen with frames removed and white space folded, for
// finding a sentence that the status pane wrapped; with a dialog open, its
// text follows alone (on screen the rows beside it interleave its lines).
func (h *harness) prose() string {
	fold := func(s string) string {
		return strings.Join(strings.Fields(strings.NewReplacer("│", " ", "║", " ").Replace(ansi.Strip(s))), " ")
	}
	text := fold(h.screen())
	if top := h.m.top(); top.layer() == layerDialog {
		text += " ¶ " + fold(top.view(h.m.width, h.m.height))
	}
	return text
}

// namedKeys are the keys that have a name rather than a character.
var namedKeys = map[string]rune{
	"up": tea.KeyUp, "down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
	"enter": tea.KeyEnter, "esc": tea.KeyEscape, "home": tea.KeyHome, "end": tea.KeyEnd,
	"tab": tea.KeyTab, "backspace": tea.KeyBackspace, "left": tea.KeyLeft, "right": tea.KeyRight, "delete": tea.KeyDelete,
}

// keyPress builds the key message a terminal would deliver for k.
func keyPress(k string) tea.KeyPressMsg {
	if k == "space" {
		return tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	}
	var mod tea.KeyMod
	for {
		m, rest, ok := strings.Cut(k, "+")
		if !ok || rest == "" {
			break
		}
		switch m {
		case "ctrl":
			mod |= tea.ModCtrl
		case "alt":
			mod |= tea.ModAlt
		case "shift":
			mod |= tea.ModShift
		}
		k = rest
	}
	if code, ok := namedKeys[k]; ok {
		return tea.KeyPressMsg{Code: code, Mod: mod}
	}
	r := []rune(k)[0]
	if mod != 0 {
		return tea.KeyPressMsg{Code: r, Mod: mod}
	}
	return tea.KeyPressMsg{Code: r, Text: k}
}

func TestKeyPressMatchesBindings(t *testing.T) {
	for _, k := range []string{"space", "up", "down", "pgup", "pgdown", "enter", "esc", "tab", "backspace", "ctrl+a", "ctrl+c", "shift+tab", "alt+left", "S", "v", "?", "G"} {
		if got := keyPress(k).String(); got != k {
			t.Errorf("keyPress(%q).String() = %q", k, got)
		}
	}
}

func teaSize(w, h int) tea.WindowSizeMsg { return tea.WindowSizeMsg{Width: w, Height: h} }

// typeText types s one key at a time, as into the filter input.
func (h *harness) typeText(s string) {
	h.t.Helper()
	for _, r := range s {
		k := string(r)
		if r == ' ' {
			k = "space"
		}
		h.update(keyPress(k))
	}
	h.settle()
}

func keyPressCode(code rune) tea.KeyPressMsg { return tea.KeyPressMsg{Code: code} }

// What the tests read of the model. Tests ask these rather than the
// model's fields, so that a change of the UI's structure changes them here
// and nowhere else.

// record is the session's log, every entry, as printed at exit: what the
// status pane showed one by one, and the request log (J) keeps.
func (h *harness) record() string { return strings.Join(h.m.Record(), "\n") }

// openRequestLog opens the request log (J), opens every request in it,
// and returns its whole text, past the screen's end too.
func (h *harness) openRequestLog() string {
	h.t.Helper()
	h.press(keys.RequestLog, keys.Top)
	for range h.m.requests {
		h.press(keys.Details, keys.Down)
	}
	j, ok := h.m.top().(*requestLogScreen)
	if !ok {
		h.t.Fatalf("J did not open the request log:\n%s", h.screen())
	}
	text, _, _ := j.text()
	return ansi.Strip(text)
}

// requestBodies are the JSON bodies shown in a request log's text, in
// order, each parsed: the IDs each request holds.
func requestBodies(t *testing.T, log string) [][]string {
	t.Helper()
	var out [][]string
	var body []string
	for _, line := range strings.Split(log, "\n") {
		line = strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(line, `{"requestIds"`):
			body = []string{line}
		case body != nil:
			body = append(body, line)
			if line == "]}" {
				var b struct {
					RequestIDs []string `json:"requestIds"`
				}
				if err := json.Unmarshal([]byte(strings.Join(body, "\n")), &b); err != nil {
					t.Fatalf("a body is not JSON (%v):\n%s", err, strings.Join(body, "\n"))
				}
				out, body = append(out, b.RequestIDs), nil
			}
		}
	}
	return out
}

func (h *harness) loaded() int                    { return h.m.table.len() }
func (h *harness) shownLen() int                  { return h.m.table.shownLen() }
func (h *harness) rows() []graph.SignIn           { return h.m.table.rows }
func (h *harness) rowAt(i int) *graph.SignIn      { return h.m.table.at(i) }
func (h *harness) signIn(id string) *graph.SignIn { return h.m.table.byID(id) }
func (h *harness) current() (graph.SignIn, bool)  { return h.m.table.current() }
func (h *harness) cursor() int                    { return h.m.table.cursor }
func (h *harness) tableHeight() int               { return h.m.table.height }
func (h *harness) isShown(id string) bool         { _, shown := h.m.table.isShown(id); return shown }
func (h *harness) loading() bool                  { return h.m.listing.loading }
func (h *harness) listingErr() error              { return h.m.listing.err }
func (h *harness) pages() int                     { return h.m.listing.pages }
func (h *harness) selectedCount() int             { return h.m.selectedCount() }
func (h *harness) selectedLen() int               { return h.m.selected.len() }
func (h *harness) isSelected(id string) bool      { return h.m.selected.has(id) }
func (h *harness) hiddenSelected() int            { return h.m.selectedOutOfView }
func (h *harness) rangeActive() bool              { return h.m.rng.active }
func (h *harness) outcome(id string) idOutcome    { return h.m.outcomes[id] }
func (h *harness) sending() bool                  { return h.m.dispatch.running }
func (h *harness) filterTyping() bool             { return h.m.typingFilter() }
func (h *harness) filterErr() error               { return h.m.find.err }
func (h *harness) filterText() string             { return h.m.find.filter.String() }
func (h *harness) grouped() bool                  { return h.m.groups() != nil }
func (h *harness) groups() []group                { return h.m.groups().groups }
func (h *harness) groupedBy() groupBy             { return h.m.groups().by }
func (h *harness) groupOpened() bool              { return h.m.find.pick != nil }
func (h *harness) detailsOpen() bool              { _, ok := h.m.top().(*detailsScreen); return ok }
func (h *harness) journalOpen() bool              { _, ok := h.m.top().(*requestLogScreen); return ok }
func (h *harness) signInOffered() bool {
	return slices.ContainsFunc(liveBindings(h.m.top()), func(b key.Binding) bool { return b.Help().Key == keys.SignIn.Help().Key })
}
func (h *harness) helpOpen() bool        { _, ok := h.m.top().(*helpScreen); return ok }
func (h *harness) dialogOpen() bool      { return h.m.top().layer() == layerDialog }
func (h *harness) confirmPlan() plan     { p, _ := h.confirmPlanOK(); return p }
func (h *harness) quitAsked() bool       { _, ok := h.m.top().(*quitDialog); return ok }
func (h *harness) queryEditorOpen() bool { _, ok := h.m.top().(*queryEditor); return ok }

// confirmPlanOK is the plan the open confirmation dialog would send.
func (h *harness) confirmPlanOK() (plan, bool) {
	d, ok := h.m.top().(*confirmDialog)
	if !ok {
		return plan{}, false
	}
	return d.plan, true
}

// appendRows delivers rows to m as a listing page would.
func appendRows(m *Model, rows ...graph.SignIn) {
	m.Update(pageLoadedMsg{gen: m.listing.gen, page: graph.Page{SignIns: rows}})
}

// selectIDs selects ids, loaded or not.
func selectIDs(m *Model, ids ...string) { m.selected.add(ids...) }

// detailsTextOf is the details of the loaded sign-in id at width.
func detailsTextOf(m *Model, id string, width int) string {
	return m.detailsText(m.table.byID(id), width)
}

// inspect reads a model that no harness drives (a teatest final model)
// through the same accessors.
func inspect(m *Model) *harness { return &harness{m: m} }

func (h *harness) promptShown() bool { return h.m.prompt != nil }

// What only the tests ask of the session's types.

func (s *selection) add(ids ...string) {
	for _, id := range ids {
		s.set(id, true)
	}
}

// all are the selected IDs: the loaded rows' first, then the others.
func (s *selection) all() iter.Seq[string] {
	return func(yield func(string) bool) {
		for pos, on := range s.flags() {
			if on && !yield(s.t.rows[pos].ID) {
				return
			}
		}
		for id := range s.away {
			if !yield(id) {
				return
			}
		}
	}
}

// isShown reports whether the loaded sign-in id is in view.
func (t *signInTable) isShown(id string) (loaded, shown bool) {
	pos, ok := t.index[id]
	return ok, ok && t.shown[pos]
}

// keepsStrayText: the confirm dialog, unless its note is typed, keeps a character that is none of
// its keys as typing (took), which stops y sending until it is cleared.
func (d *confirmDialog) keepsStrayText() bool { return !d.noting }
