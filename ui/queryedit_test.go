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
