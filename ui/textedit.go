package ui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
)

// editBinding is every key a text input edits with (cursor moves and
// deletions), as one binding for the footer and the help. Typed text
// needs none.
func editBinding() key.Binding {
	km := textinput.DefaultKeyMap()
	var keys []string
	for _, b := range []key.Binding{km.CharacterForward, km.CharacterBackward, km.WordForward, km.WordBackward,
		km.DeleteWordBackward, km.DeleteWordForward, km.DeleteAfterCursor, km.DeleteBeforeCursor,
		km.DeleteCharacterBackward, km.DeleteCharacterForward, km.LineStart, km.LineEnd, km.Paste} {
		keys = append(keys, b.Keys()...)
	}
	return key.NewBinding(key.WithKeys(keys...), key.WithHelp("type ←/→ ⌫", "edit"))
}

// editCommand lists the editing keys of a screen with a text input; the
// screen itself gives them to the input (typeInto).
func editCommand() command { return live(editBinding(), nil) }

// typeInto gives msg to in when it is text or an editing key; ok is false
// for any other key, which the input leaves alone.
func typeInto(in *textinput.Model, msg tea.KeyPressMsg) (cmd tea.Cmd, ok bool) {
	if msg.Text == "" && !key.Matches(msg, editBinding()) {
		return nil, false
	}
	*in, cmd = in.Update(msg)
	return cmd, true
}
