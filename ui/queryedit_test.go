package ui

import (
	"strings"
	"testing"

	"github.com/signin-triage/signin-triage/graph"
	"github.com/signin-triage/signin-triage/graph/simtenant"
)

// TestQueryEditorOffersEveryQueryField: the editor has an input for each
// query field that is not an on/off switch, filled with the query in force.
func TestQueryEditorOffersEveryQueryField(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 80}, 0)
	h := loaded(t, e, 160, 45)
	h.press(keys.Query)
	screen := h.screen()
	for _, f := range graph.QueryFields() {
		if f.Switch {
			continue
		}
		if !strings.Contains(screen, f.Label) {
			t.Errorf("the editor lacks %q:\n%s", f.Label, screen)
		}
	}
	if !strings.Contains(screen, "atRisk") || !strings.Contains(screen, "30d") {
		t.Errorf("the editor does not show the query in force:\n%s", screen)
	}
}

// TestAnEmptyQueryFieldSaysAnyInWords: a field left empty reads what it
// means in plain words ("any risk state (empty)"), without colour, both
// when it was empty to begin with and once it is cleared and left; the
// field with the keys shows the same words first in its hint.
func TestAnEmptyQueryFieldSaysAnyInWords(t *testing.T) {
	e := newEnv(t, simtenant.Options{SignIns: 40}, 0)
	h := loaded(t, e, 100, 30)
	h.press(keys.Query)
	screen := h.screen() // the harness draws without colour
	for _, want := range []string{"any risk level (empty)", "any user (empty)", "any IP address (empty)", "succeeded or not (empty)"} {
		if !strings.Contains(screen, want) {
			t.Errorf("the editor lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "any risk state") {
		t.Fatalf("the risk states field holds atRisk, yet reads as empty:\n%s", screen)
	}
	for range len("atRisk") {
		h.update(keyPress("backspace"))
	}
	if screen := h.screen(); !strings.Contains(screen, "empty: any risk state; or atRisk") {
		t.Errorf("the cleared field with the keys does not say what empty means:\n%s", screen)
	}
	h.press(keys.NextField)
	if screen := h.screen(); !strings.Contains(screen, "Risk states        any risk state (empty)") {
		t.Errorf("the cleared field, left, does not read as any:\n%s", screen)
	}
}
