package ui

import (
	"fmt"
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"

	"github.com/signin-triage/signin-triage/graph"
)

// queryEditor edits what is fetched from Graph: the query fields that the
// flags set too (graph.QueryFields), one input each. Applying it reloads.
type queryEditor struct {
	ses    *session
	fields []graph.QueryField
	inputs []textinput.Model
	at     int // the input with the keys
	err    error
}

// The help and CheckKeys know this kind of screen by its sample.
func init() {
	addScreenKind(70, func(ses *session) screen { return newQueryEditor(ses) })
}

// placeholder is a field's hint while it has the focus and is empty: what
// empty means first, in words, then what it takes. Away from the focus,
// an empty field says what it means in plain text (view), not in a
// placeholder's grey, which reads as "not filled in".
func placeholder(f graph.QueryField) string {
	if f.Empty == "" {
		return f.Hint
	}
	return "empty: " + f.Empty + "; or " + f.Hint
}

// newQueryEditor starts the editor with the query in force.
func newQueryEditor(ses *session) *queryEditor {
	ed := &queryEditor{ses: ses}
	for _, f := range graph.QueryFields() {
		if f.Switch {
			continue // on/off for the whole session: a flag only
		}
		in := textinput.New()
		in.Prompt = ""
		in.Placeholder = placeholder(f)
		in.SetValue(f.Get(ses.query))
		in.SetStyles(ses.styles.Input)
		in.SetWidth(48)
		ed.fields = append(ed.fields, f)
		ed.inputs = append(ed.inputs, in)
	}
	return ed
}

func (ed *queryEditor) title() string { return "Query editor" }

func (ed *queryEditor) layer() layer { return layerDialog }

func (ed *queryEditor) own() []command {
	k := ed.ses.keys
	return []command{
		live(k.NextField, func() action { return ed.moveFocus(1) }),
		live(k.PrevField, func() action { return ed.moveFocus(len(ed.inputs) - 1) }),
		live(k.Apply, func() action { return ed.apply() }),
		live(k.Cancel, func() action { return popScreen{note: "The query is unchanged."} }),
	}
}

func (ed *queryEditor) commands() []command { return append(ed.own(), editCommand()) }

func (ed *queryEditor) update(msg tea.KeyPressMsg) (action, bool) {
	if act, ok := runCommands(ed.own(), msg); ok {
		return act, true
	}
	cmd, ok := typeInto(&ed.inputs[ed.at], msg)
	return runCmd{cmd}, ok
}

func (ed *queryEditor) focus() tea.Cmd { return ed.inputs[ed.at].Focus() }

// takesText: typed characters go into the field with the focus.
func (ed *queryEditor) takesText() bool { return true }

func (ed *queryEditor) receive(msg tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	ed.inputs[ed.at], cmd = ed.inputs[ed.at].Update(msg)
	return cmd
}

func (ed *queryEditor) moveFocus(step int) action {
	ed.inputs[ed.at].Blur()
	ed.at = (ed.at + step) % len(ed.inputs)
	return runCmd{ed.inputs[ed.at].Focus()}
}

// apply checks every field; a bad one keeps the editor open and says what
// is allowed. A good query replaces the one in force and reloads.
func (ed *queryEditor) apply() action {
	q := ed.ses.query
	for i, f := range ed.fields {
		if err := f.Set(&q, strings.TrimSpace(ed.inputs[i].Value())); err != nil {
			ed.err = fmt.Errorf("%s: %w", strings.ToLower(f.Label), err)
			return nil
		}
	}
	return popScreen{then: applyQuery{q}}
}

func (ed *queryEditor) view(width, height int) string {
	st := ed.ses.styles
	var b strings.Builder
	b.WriteString(st.DialogTitle.Render("What to fetch from Graph"))
	b.WriteString("\n\n")
	for i, in := range ed.inputs {
		f := ed.fields[i]
		label := fit(f.Label, 18)
		if i == ed.at {
			label = st.Key.Render(label)
		} else {
			label = st.HeaderLabel.Render(label)
		}
		field := in.View()
		if i != ed.at && f.Empty != "" && strings.TrimSpace(in.Value()) == "" {
			field = st.Row.Render(f.Empty + " (empty)")
		}
		b.WriteString(label + " " + field + "\n")
	}
	if ed.err != nil {
		b.WriteString("\n" + st.Err.Render(ed.err.Error()) + "\n")
	}
	b.WriteString("\n" + st.Muted.Render("Applying reloads the listing; the selection is kept."))
	return dialogBox(st.Dialog, b.String(), 76, width, height)
}
