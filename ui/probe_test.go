package ui

import (
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// probeScreen is a screen that exists only in this file: the screen
// contract (screen.go) says that a new screen needs its own file and the
// keymap's table, nothing more. It uses bindings the table already has,
// records what the root asks of it, and starts work of its own, whose
// reply must come back to it.
type probeScreen struct {
	ses   *session
	trace *[]string
	clash bool // bind two commands to one key, for CheckKeys to refuse
}

// probeReply is the reply to the probe's own work.
type probeReply struct{ n int }

func (p *probeScreen) title() string { return "Probe" }
func (p *probeScreen) layer() layer  { return layerBody }

func (p *probeScreen) commands() []command {
	k := p.ses.keys
	mark := func(what string) func() action {
		return func() action { *p.trace = append(*p.trace, what); return nil }
	}
	cmds := []command{
		live(described(k.Top, "probe top"), mark("key:top")),
		live(described(k.Bottom, "probe bottom"), mark("key:bottom")),
		live(described(k.Details, "probe work"), func() action {
			return runCmd{func() tea.Msg { return probeReply{7} }}
		}),
		live(described(k.Back, "back"), func() action { return popScreen{} }),
		p.ses.helpCommand(p),
	}
	if p.clash {
		cmds = append(cmds, live(described(k.Range, "probe range"), nil), live(described(k.ExportView, "probe view"), nil))
	}
	return cmds
}

func (p *probeScreen) update(msg tea.KeyPressMsg) (action, bool) {
	return runCommands(p.commands(), msg)
}
func (p *probeScreen) view(width, height int) string { return fit("the probe", width) }

func (p *probeScreen) refresh() bool { *p.trace = append(*p.trace, "refresh"); return true }
func (p *probeScreen) focus() tea.Cmd {
	*p.trace = append(*p.trace, "focus")
	return nil
}

func (p *probeScreen) receive(msg tea.Msg) tea.Cmd {
	if r, ok := msg.(probeReply); ok && r.n == 7 {
		*p.trace = append(*p.trace, "reply")
	}
	return nil
}

// withScreenKind adds a kind of screen for the length of the test, as a
// screen's file does in its init.
func withScreenKind(t *testing.T, rank int, sample func(*session) screen) {
	before := screenKinds
	screenKinds = append(slices.Clip(screenKinds), screenKind{rank, sample})
	t.Cleanup(func() { screenKinds = before })
}

// TestAScreenNeedsOnlyItsOwnFile adds the probe from this file alone and
// finds it where every screen is found: in the help's reference, in the
// checks of CheckKeys, and in the walk of every key over every screen.
func TestAScreenNeedsOnlyItsOwnFile(t *testing.T) {
	var trace []string
	withScreenKind(t, 1000, func(ses *session) screen { return &probeScreen{ses: ses, trace: &trace} })

	e := newEnv(t, simtenant.Options{SignIns: 40}, 1)
	h := loaded(t, e, 200, 50)
	h.press(keys.Help)
	if text := h.m.top().(*helpScreen).text(); !strings.Contains(text, "Probe") || !strings.Contains(text, "probe bottom") {
		t.Errorf("the help does not list the probe and its keys:\n%s", text)
	}

	if err := New(Config{Graph: offlineGraph(t), Source: "test"}).CheckKeys(); err != nil {
		t.Errorf("CheckKeys refused the probe: %v", err)
	}
	withScreenKind(t, 1001, func(ses *session) screen { return &probeScreen{ses: ses, trace: &trace, clash: true} })
	err := New(Config{Graph: offlineGraph(t), Source: "test"}).CheckKeys()
	if err == nil || !strings.Contains(err.Error(), "on the probe screen") {
		t.Errorf("CheckKeys let two of the probe's commands share a key: %v", err)
	}
	screenKinds = screenKinds[:len(screenKinds)-1]

	// The walk runs a subtest titled as each kind.
	trace = nil
	walkEveryScreen(t)
	if !slices.Contains(trace, "key:top") || !slices.Contains(trace, "key:bottom") {
		t.Errorf("the walk did not press the probe's keys: %v", trace)
	}
}

// TestTheRootRoutesAndHooksAScreenItDoesNotName pushes the probe and
// checks what the root does for it, knowing it only by screen.go's
// interfaces: focus when it comes on top (pushed, or uncovered), the
// reply to its own work, and, on keys held during a rebuild and
// replayed, one refresh after each message: after the message that
// ended the rebuild, then after each key.
func TestTheRootRoutesAndHooksAScreenItDoesNotName(t *testing.T) {
	var trace []string
	m := bigModel(t, 3*filterSlice+10)
	probe := &probeScreen{ses: &m.session, trace: &trace}
	m.Update(keyPress(keys.Details.Keys()[0])) // the details of the first row
	m.Update(keyPress(keys.Back.Keys()[0]))
	m.do(pushScreen{probe})
	m.Update(keyPress(keys.Help.Keys()[0]))
	m.Update(keyPress(keys.Back.Keys()[0]))
	if m.top() != probe || !slices.Equal(trace[:1], []string{"focus"}) || trace[len(trace)-2] != "focus" {
		t.Fatalf("focus on push and on uncover: top %T, trace %v", m.top(), trace)
	}

	trace = nil
	_, cmd := m.Update(keyPress(keys.Details.Keys()[0]))
	for _, msg := range runAll(cmd) {
		m.Update(msg)
	}
	if !slices.Contains(trace, "reply") {
		t.Errorf("the reply to the probe's work did not reach it: %v", trace)
	}

	// Keys held while the view is rebuilt, replayed when it is done.
	m.do(popScreen{})
	m.Update(keyPress(keys.Filter.Keys()[0]))
	typeText(m, "user42@")
	m.Update(keyPress(keys.FilterApply.Keys()[0]))
	if !m.working() {
		t.Fatal("the filter was done within the keystroke: nothing is held")
	}
	m.do(pushScreen{probe})
	m.Update(keyPress(keys.Top.Keys()[0]))
	m.Update(keyPress(keys.Bottom.Keys()[0]))
	if len(m.held) != 2 {
		t.Fatalf("%d keys held, want 2", len(m.held))
	}
	trace = nil
	finishWork(t, m)
	want := []string{"refresh", "key:top", "refresh", "key:bottom", "refresh"}
	if len(trace) < len(want) || !slices.Equal(trace[len(trace)-len(want):], want) {
		t.Errorf("the replay's refreshes: %v, want it to end %v", trace, want)
	}
}

// runAll runs cmd and the commands of any batch it returns, gathering
// their messages.
func runAll(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, runAll(c)...)
		}
		return out
	case nil:
		return nil
	default:
		return []tea.Msg{msg}
	}
}
