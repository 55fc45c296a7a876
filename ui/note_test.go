package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// TestANotePastedWithHidingCharactersShowsThem: a note pasted with a
// right-to-left override and a zero-width space is drawn with both as
// their code points, never raw, so the analyst reads what the journal
// will keep; the verdict goes out with the note exactly as pasted. A
// paste while the note is not being typed is refused aloud, not dropped.
func TestANotePastedWithHidingCharactersShowsThem(t *testing.T) {
	const pasted = "INC-7\u202e1gnp\u200bexe"
	e := newEnv(t, simtenant.Options{SignIns: 30}, 0)
	h := newHarness(t, e.model(graph.DefaultQuery(testNow)), 100, 30)
	h.waitFor("the listing", func() bool { return !h.loading() })
	h.settle()
	ids := selectFirst(h, 1)
	h.press(safeKey)
	h.update(tea.PasteMsg{Content: "ticket"})
	if !strings.Contains(h.prose(), "Paste not taken: press N to type a note") {
		t.Fatalf("a paste outside the note was dropped without a word:\n%s", h.screen())
	}
	h.press(keys.Note)
	h.update(tea.PasteMsg{Content: pasted})
	screen := h.screen()
	if strings.ContainsAny(screen, "\u202e\u200b") {
		t.Fatalf("the note was drawn raw: %q", screen)
	}
	if !strings.Contains(screen, `INC-7\u202e1gnp\u200bexe`) {
		t.Fatalf("the note does not show its hiding characters as code points:\n%s", screen)
	}
	h.press(keys.Apply)
	readDialog()
	h.press(keys.Yes)
	h.waitFor("the dispatch", func() bool { return !h.sending() })
	if got := h.outcome(ids[0]).note; got != pasted {
		t.Errorf("the verdict went out with note %q, want %q as pasted", got, pasted)
	}
	// Wherever the note is drawn after: the status pane, the request log,
	// the record printed at exit.
	h.press(keys.RequestLog)
	for where, text := range map[string]string{"the screen": h.screen(), "the request log": h.prose(), "the record": h.record()} {
		if strings.ContainsAny(text, "\u202e\u200b") {
			t.Errorf("%s draws the note raw: %q", where, text)
		}
	}
	if !strings.Contains(h.record(), `1gnp\u200bexe`) {
		t.Errorf("the record at exit lacks the note, escaped:\n%s", h.record())
	}
}
