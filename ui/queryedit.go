package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// queryEditor edits what is fetched from Graph: the query fields that the
// flags set too (graph.QueryFields), one input each. Applying it reloads.
type queryEditor struct {
	fields []graph.QueryField
	inputs []textinput.Model
	focus  int
	err    error
}

// openQueryEditor starts the editor with the query in force.
func (m *Model) openQueryEditor() tea.Cmd {
	m.endRange()
	ed := &queryEditor{}
	for _, f := range graph.QueryFields() {
		if f.Switch {
			continue // on/off for the whole session: a flag only
		}
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = f.Hint
		in.SetValue(f.Get(m.query))
		in.SetStyles(m.styles.Input)
		in.SetWidth(40)
		ed.fields = append(ed.fields, f)
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
		n := len(ed.inputs)
		step := 1
		if key.Matches(msg, k.PrevField) {
			step = n - 1
		}
		ed.focus = (ed.focus + step) % n
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
	q := m.query
	for i, f := range ed.fields {
		if err := f.Set(&q, strings.TrimSpace(ed.inputs[i].Value())); err != nil {
			ed.err = fmt.Errorf("%s: %w", strings.ToLower(f.Label), err)
			return nil
		}
	}
	m.query = q
	m.dialog = nil
	m.log.add(logInfo, "Query: "+graph.DescribeQuery(q.At(m.log.now()))+". Reloading.")
	return m.reload()
}

func (ed *queryEditor) view(m *Model, width int) string {
	st := m.styles
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render("What to fetch from Graph"))
	b.WriteString("\n\n")
	for i, in := range ed.inputs {
		label := fit(ed.fields[i].Label, 18)
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
