// Package keymap holds every key binding of signin-triage as a bubbles
// key.Binding with its help text. The UI matches keys only through these
// bindings, and tests press the keys they name, so changing a default here
// changes it everywhere.
package keymap

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"unicode"

	"charm.land/bubbles/v2/key"
)

// KeyMap is every binding. Which are enabled depends on the UI's state; the
// UI switches them in one place.
type KeyMap struct {
	Up       key.Binding
	Down     key.Binding
	PageUp   key.Binding
	PageDown key.Binding
	Top      key.Binding
	Bottom   key.Binding

	Toggle    key.Binding
	Range     key.Binding
	SelectAll key.Binding
	Clear     key.Binding

	Filter       key.Binding
	SelectedOnly key.Binding
	HideHandled  key.Binding
	Sort         key.Binding
	SortOrder    key.Binding
	// FilterApply and FilterClear end typing a filter: keep it, or drop it.
	FilterApply key.Binding
	FilterClear key.Binding

	Details key.Binding
	Group   key.Binding
	GroupBy key.Binding
	// GroupByBack cycles the group key the other way.
	GroupByBack key.Binding
	Back        key.Binding
	CopyID      key.Binding
	CopyUserIP  key.Binding

	// Verdicts binds a key to each verdict, by the verdict's name; what a
	// verdict is called and does comes from the verdict table, not from
	// here.
	Verdicts []VerdictKey

	Reload  key.Binding
	Journal key.Binding
	Query   key.Binding
	// NextField, PrevField, Apply and Cancel drive the query editor.
	NextField key.Binding
	PrevField key.Binding
	Apply     key.Binding
	Cancel    key.Binding
	Export    key.Binding
	// ExportView and ExportSelection answer the export dialog.
	ExportView      key.Binding
	ExportSelection key.Binding
	ExportFollowUp  key.Binding
	SignIn          key.Binding
	Help            key.Binding
	Quit            key.Binding

	// Yes and No answer a confirmation dialog: send, or cancel. Yes is
	// never a key that ends typed text (enter, space, tab): a word typed
	// without / must not send.
	Yes key.Binding
	No  key.Binding
	// Include, in the confirm dialog, sends what the guard leaves out: the
	// sign-ins that already received a verdict, or cannot be told; pressed
	// again, those whose verdict it would reverse.
	Include key.Binding
	// List, in the confirm dialog, shows every name its summary counts
	// (the users, those left out) in a list that scrolls, and back.
	List key.Binding
	// Note, in the confirm dialog, edits the verdict's reason; enter
	// (Apply) keeps it, esc (Cancel) drops it, and nothing typed sends.
	Note key.Binding
	// FinishThenQuit and QuitNow answer the quit dialog. FinishThenQuit
	// lets the request in flight finish, sends no other, then quits: it is
	// also what a second q or ctrl+c means. QuitNow cuts the request in
	// flight off: a shifted key that answers nothing else, never enter, q
	// or y (the y that just sent is the reflex answer to "Quit?"), so that
	// no reflex leaves a request's outcome unknown. No keeps sending.
	FinishThenQuit key.Binding
	QuitNow        key.Binding
}

// VerdictKey is the key of one verdict, named as graph.Verdict.Name names
// it ("confirmSafe").
type VerdictKey struct {
	Verdict string
	key.Binding
}

// Default returns the built-in bindings.
func Default() KeyMap {
	return KeyMap{
		Up:       key.NewBinding(key.WithKeys("up", "k"), key.WithHelp("↑/k", "up")),
		Down:     key.NewBinding(key.WithKeys("down", "j"), key.WithHelp("↓/j", "down")),
		PageUp:   key.NewBinding(key.WithKeys("pgup", "ctrl+b"), key.WithHelp("pgup", "page up")),
		PageDown: key.NewBinding(key.WithKeys("pgdown", "ctrl+f"), key.WithHelp("pgdn", "page down")),
		Top:      key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g", "top")),
		Bottom:   key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G", "bottom")),

		Toggle:    key.NewBinding(key.WithKeys("space"), key.WithHelp("space", "select")),
		Range:     key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "range")),
		SelectAll: key.NewBinding(key.WithKeys("ctrl+a"), key.WithHelp("ctrl+a", "all in view")),
		Clear:     key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "clear")),

		Filter:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter")),
		SelectedOnly: key.NewBinding(key.WithKeys("M"), key.WithHelp("M", "selected only")),
		HideHandled:  key.NewBinding(key.WithKeys("H"), key.WithHelp("H", "hide handled")),
		Sort:         key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "sort by next column")),
		SortOrder:    key.NewBinding(key.WithKeys("O"), key.WithHelp("O", "reverse the order")),
		FilterApply:  key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "keep filter")),
		FilterClear:  key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "clear filter")),

		Details:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "details / open group")),
		Group:       key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "group rows")),
		GroupBy:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "group by next")),
		GroupByBack: key.NewBinding(key.WithKeys("B"), key.WithHelp("B", "group by previous")),
		Back:        key.NewBinding(key.WithKeys("esc", "backspace"), key.WithHelp("esc", "back to the table")),
		CopyID:      key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "copy sign-in ID")),
		CopyUserIP:  key.NewBinding(key.WithKeys("Y"), key.WithHelp("Y", "copy UPN and IP")),

		Verdicts: []VerdictKey{
			{"confirmSafe", key.NewBinding(key.WithKeys("S"), key.WithHelp("S", "confirm safe"))},
			{"confirmCompromised", key.NewBinding(key.WithKeys("C"), key.WithHelp("C", "confirm compromised"))},
			{"dismiss", key.NewBinding(key.WithKeys("D"), key.WithHelp("D", "dismiss"))},
		},

		Reload:  key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "reload")),
		SignIn:  key.NewBinding(key.WithKeys("L"), key.WithHelp("L", "sign in again")),
		Export:  key.NewBinding(key.WithKeys("e"), key.WithHelp("e", "export CSV and JSON")),
		Query:   key.NewBinding(key.WithKeys("f"), key.WithHelp("f", "edit what is fetched")),
		Journal: key.NewBinding(key.WithKeys("J"), key.WithHelp("J", "request log")),

		NextField: key.NewBinding(key.WithKeys("tab", "down"), key.WithHelp("tab", "next field")),
		PrevField: key.NewBinding(key.WithKeys("shift+tab", "up"), key.WithHelp("shift+tab", "previous field")),
		Apply:     key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply and reload")),
		Cancel:    key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "cancel")),

		ExportView:      key.NewBinding(key.WithKeys("v"), key.WithHelp("v", "rows in view")),
		ExportSelection: key.NewBinding(key.WithKeys("s"), key.WithHelp("s", "selection")),
		ExportFollowUp:  key.NewBinding(key.WithKeys("u"), key.WithHelp("u", "users to follow up")),
		Help:            key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "help")),
		Quit:            key.NewBinding(key.WithKeys("q", "ctrl+c"), key.WithHelp("q", "quit")),

		Yes: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "yes, send")),
		No:  key.NewBinding(key.WithKeys("n", "esc"), key.WithHelp("n/esc", "no, cancel")),

		Include:        key.NewBinding(key.WithKeys("I"), key.WithHelp("I", "include the left-out")),
		Note:           key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "note a reason")),
		List:           key.NewBinding(key.WithKeys("l"), key.WithHelp("l", "list every name")),
		FinishThenQuit: key.NewBinding(key.WithKeys("f", "q", "ctrl+c"), key.WithHelp("f/q", "finish, then quit")),
		QuitNow:        key.NewBinding(key.WithKeys("X"), key.WithHelp("X", "quit now, cut it off")),
	}
}

// All is every binding, the verdicts' included, in the order of KeyMap.
func (k KeyMap) All() []key.Binding {
	out := []key.Binding{k.Up, k.Down, k.PageUp, k.PageDown, k.Top, k.Bottom,
		k.Toggle, k.Range, k.SelectAll, k.Clear,
		k.Filter, k.SelectedOnly, k.HideHandled, k.Sort, k.SortOrder, k.FilterApply, k.FilterClear,
		k.Details, k.Group, k.GroupBy, k.GroupByBack, k.Back, k.CopyID, k.CopyUserIP}
	out = append(out, k.verdictBindings()...)
	return append(out, k.Reload, k.Journal, k.Query, k.NextField, k.PrevField, k.Apply, k.Cancel, k.Export,
		k.ExportView, k.ExportSelection, k.ExportFollowUp, k.SignIn, k.Help, k.Quit, k.Yes, k.No, k.Include, k.Note, k.List, k.FinishThenQuit, k.QuitNow)
}

// Verdict is the binding of the verdict named name.
func (k KeyMap) Verdict(name string) (key.Binding, bool) {
	for _, v := range k.Verdicts {
		if v.Verdict == name {
			return v.Binding, true
		}
	}
	return key.Binding{}, false
}

// verdictBindings lists the verdicts' bindings.
func (k KeyMap) verdictBindings() []key.Binding {
	out := make([]key.Binding, len(k.Verdicts))
	for i, v := range k.Verdicts {
		out[i] = v.Binding
	}
	return out
}

// Named is every binding by the name the config file's keys: section
// gives it: the field's name in lower camel case ("confirmSafe" for a
// verdict, by the verdict's name), pointing into k.
func (k *KeyMap) Named() map[string]*key.Binding {
	m := map[string]*key.Binding{
		"up": &k.Up, "down": &k.Down, "pageUp": &k.PageUp, "pageDown": &k.PageDown, "top": &k.Top, "bottom": &k.Bottom,
		"toggle": &k.Toggle, "range": &k.Range, "selectAll": &k.SelectAll, "clear": &k.Clear,
		"filter": &k.Filter, "selectedOnly": &k.SelectedOnly, "hideHandled": &k.HideHandled, "sort": &k.Sort,
		"sortOrder": &k.SortOrder, "filterApply": &k.FilterApply, "filterClear": &k.FilterClear,
		"details": &k.Details, "group": &k.Group, "groupBy": &k.GroupBy, "groupByBack": &k.GroupByBack, "back": &k.Back,
		"copyID": &k.CopyID, "copyUserIP": &k.CopyUserIP,
		"reload": &k.Reload, "requestLog": &k.Journal, "query": &k.Query, "nextField": &k.NextField, "prevField": &k.PrevField,
		"apply": &k.Apply, "cancel": &k.Cancel, "export": &k.Export, "exportView": &k.ExportView,
		"exportSelection": &k.ExportSelection, "exportFollowUp": &k.ExportFollowUp, "signIn": &k.SignIn,
		"help": &k.Help, "quit": &k.Quit, "yes": &k.Yes, "no": &k.No, "include": &k.Include, "note": &k.Note, "list": &k.List,
		"finishThenQuit": &k.FinishThenQuit, "quitNow": &k.QuitNow,
	}
	for i := range k.Verdicts {
		m[k.Verdicts[i].Verdict] = &k.Verdicts[i].Binding
	}
	return m
}

// Rebind gives the action named name the keys keys, in place of its own;
// help shows them joined by "/". An unknown action or a key no terminal
// sends is an error that says what would be right.
func (k *KeyMap) Rebind(name string, keys []string) error {
	b, ok := k.Named()[name]
	if !ok {
		names := slices.Sorted(maps.Keys(k.Named()))
		return fmt.Errorf("%q is not an action; the actions are %s", name, strings.Join(names, ", "))
	}
	for _, s := range keys {
		if err := CheckKey(s); err != nil {
			return fmt.Errorf("%s: %v", name, err)
		}
	}
	keys = slices.Compact(slices.Clone(keys)) // [A, A] is A
	b.SetKeys(keys...)
	b.SetHelp(strings.Join(keys, "/"), b.Help().Desc)
	return nil
}

// namedKeys are the keys with a name rather than a character, as Bubble
// Tea names them.
var namedKeys = []string{"up", "down", "left", "right", "enter", "esc", "tab", "backspace", "delete", "insert",
	"home", "end", "pgup", "pgdown", "space", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12"}

// CheckKey reports whether s is a key as Bubble Tea names a key press: a
// printable character or a named key, after any of ctrl+, alt+, shift+.
func CheckKey(s string) error {
	base := s
	for {
		mod, rest, ok := strings.Cut(base, "+")
		if !ok || rest == "" || !slices.Contains([]string{"ctrl", "alt", "shift"}, mod) {
			break
		}
		base = rest
	}
	if r := []rune(base); len(r) == 1 && unicode.IsGraphic(r[0]) && r[0] != ' ' {
		if strings.Contains(s, "shift+") {
			// A terminal sends a shifted character as the character: shift+n
			// arrives as N, and a binding to shift+n would never fire.
			return fmt.Errorf("%q never arrives: a shifted character arrives as itself; write %q", s,
				strings.Replace(s, "shift+"+base, strings.ToUpper(base), 1))
		}
		return nil
	}
	if slices.Contains(namedKeys, base) {
		return nil
	}
	return fmt.Errorf("%q is not a key: give a character (A, /, 1), a named key (%s), or either after ctrl+, alt+ or shift+",
		s, strings.Join(namedKeys[:15], ", ")+", f1…f12")
}
