package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// queryEditor edits what is fetched from Graph: the same fields as the
// flags. Applying it reloads.
type queryEditor struct {
	inputs []textinput.Model
	focus  int
	err    error
}

// The editor's fields, in order.
const (
	fieldSince = iota
	fieldStates
	fieldLevels
	fieldUser
	fieldApp
	fieldIP
	fieldCount
)

func fieldLabel(i int) string {
	return [fieldCount]string{"Since", "Risk states", "Risk levels", "User starts with", "App starts with", "IP starts with"}[i]
}

// openQueryEditor starts the editor with the query in force.
func (m *Model) openQueryEditor() tea.Cmd {
	m.endRange()
	q := m.query
	values := [fieldCount]string{graph.FormatWindow(q.Window), graph.JoinList(q.RiskStates), graph.JoinList(q.RiskLevels), q.UPNPrefix, q.AppPrefix, q.IPPrefix}
	hints := [fieldCount]string{"7d, 36h, 90m (at most 90d)", graph.JoinList(graph.RiskStates()) + " (empty: any)",
		graph.JoinList(graph.RiskLevels()) + " (empty: any)", "a UPN prefix", "an app name prefix", "an IP prefix"}
	ed := &queryEditor{}
	for i := range fieldCount {
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = hints[i]
		in.SetValue(values[i])
		in.SetStyles(m.styles.Input)
		in.SetWidth(40)
		ed.inputs = append(ed.inputs, in)
	}
	m.dialog = ed
	return ed.inputs[0].Focus()
}

func (m *Model) handleQueryKey(ed *queryEditor, msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Cancel):
		m.dialog = nil
		m.note = "The query is unchanged."
		return nil
	case key.Matches(msg, k.NextField), key.Matches(msg, k.PrevField):
		ed.inputs[ed.focus].Blur()
		step := 1
		if key.Matches(msg, k.PrevField) {
			step = fieldCount - 1
		}
		ed.focus = (ed.focus + step) % fieldCount
		return ed.inputs[ed.focus].Focus()
	case key.Matches(msg, k.Apply):
		return m.applyQuery(ed)
	}
	var cmd tea.Cmd
	ed.inputs[ed.focus], cmd = ed.inputs[ed.focus].Update(msg)
	return cmd
}

// applyQuery checks every field; a bad one keeps the editor open and says
// what is allowed. A good query replaces the one in force and reloads.
func (m *Model) applyQuery(ed *queryEditor) tea.Cmd {
	v := func(i int) string { return strings.TrimSpace(ed.inputs[i].Value()) }
	window, err := graph.ParseWindow(v(fieldSince))
	if err != nil {
		ed.err = fmt.Errorf("since: %w", err)
		return nil
	}
	states, err := graph.ParseRiskStates(v(fieldStates))
	if err != nil {
		ed.err = fmt.Errorf("risk states: %w", err)
		return nil
	}
	levels, err := graph.ParseRiskLevels(v(fieldLevels))
	if err != nil {
		ed.err = fmt.Errorf("risk levels: %w", err)
		return nil
	}
	q := m.query
	q.Window = window
	q.RiskStates, q.RiskLevels = states, levels
	q.UPNPrefix, q.AppPrefix, q.IPPrefix = v(fieldUser), v(fieldApp), v(fieldIP)
	m.query = q
	m.dialog = nil
	m.log.add(logInfo, "Query: "+describeQuery(q)+". Reloading.")
	return m.reload()
}

func (ed *queryEditor) view(m *Model, width int) string {
	st := m.styles
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render("What to fetch from Graph"))
	b.WriteString("\n\n")
	for i, in := range ed.inputs {
		label := fit(fieldLabel(i), 18)
		if i == ed.focus {
			label = st.Key.Render(label)
		} else {
			label = st.HeaderLabel.Render(label)
		}
		b.WriteString(label + " " + in.View() + "\n")
	}
	if ed.err != nil {
		b.WriteString("\n" + st.Err.Render(ed.err.Error()) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render("Applying reloads the listing; the selection is kept."))
	return st.Dialog.Width(min(width, 76)).Render(b.String())
}
