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
	// FilterEarlier and FilterLater step through the filters kept before.
	FilterEarlier key.Binding
	FilterLater   key.Binding

	Details key.Binding
	Group   key.Binding
	GroupBy key.Binding
	// GroupByBack cycles the group key the other way.
	GroupByBack key.Binding
	Back        key.Binding
	CopyID      key.Binding
	CopyUserIP  key.Binding
	// UserFirst and UserLast jump, in the details, to this user's first
	// and last sign-in in view.
	UserFirst key.Binding
	UserLast  key.Binding

	// Verdicts binds a key to each verdict, by the verdict's name; what a
	// verdict is called and does comes from the verdict table, not from
	// here.
	Verdicts []VerdictKey

	Reload     key.Binding
	RequestLog key.Binding
	// UserLog opens the user's own sign-ins, whatever their risk.
	UserLog key.Binding
	// FollowUp opens the users a compromise left work for, and the user
	// actions on them.
	FollowUp key.Binding
	// RiskyUsers lists Identity Protection's risky users.
	RiskyUsers key.Binding
	Query      key.Binding
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

// row is one binding of the table: the name the config file's keys:
// section gives it (the field's name in lower camel case; a verdict's
// name for a verdict's key), where it lives in KeyMap (nil for a
// verdict's key, which lives in Verdicts), its built-in keys and help.
type row struct {
	name  string
	field func(*KeyMap) *key.Binding
	keys  []string
	help  string // the keys as help shows them ("↑/k")
	desc  string
}

// table is every binding, once, in the order help and tests list them.
// Default, All and Named are derived from it: a binding added to KeyMap
// is added here, and nowhere else in this package.
func table() []row {
	return []row{
		{"up", func(k *KeyMap) *key.Binding { return &k.Up }, []string{"up", "k"}, "↑/k", "up"},
		{"down", func(k *KeyMap) *key.Binding { return &k.Down }, []string{"down", "j"}, "↓/j", "down"},
		{"pageUp", func(k *KeyMap) *key.Binding { return &k.PageUp }, []string{"pgup", "ctrl+b"}, "pgup", "page up"},
		{"pageDown", func(k *KeyMap) *key.Binding { return &k.PageDown }, []string{"pgdown", "ctrl+f"}, "pgdn", "page down"},
		{"top", func(k *KeyMap) *key.Binding { return &k.Top }, []string{"g", "home"}, "g", "top"},
		{"bottom", func(k *KeyMap) *key.Binding { return &k.Bottom }, []string{"G", "end"}, "G", "bottom"},
		{"toggle", func(k *KeyMap) *key.Binding { return &k.Toggle }, []string{"space"}, "space", "select"},
		{"range", func(k *KeyMap) *key.Binding { return &k.Range }, []string{"v"}, "v", "range"},
		{"selectAll", func(k *KeyMap) *key.Binding { return &k.SelectAll }, []string{"ctrl+a"}, "ctrl+a", "all in view"},
		{"clear", func(k *KeyMap) *key.Binding { return &k.Clear }, []string{"u"}, "u", "clear"},
		{"filter", func(k *KeyMap) *key.Binding { return &k.Filter }, []string{"/"}, "/", "filter"},
		{"selectedOnly", func(k *KeyMap) *key.Binding { return &k.SelectedOnly }, []string{"M"}, "M", "selected only"},
		{"hideHandled", func(k *KeyMap) *key.Binding { return &k.HideHandled }, []string{"H"}, "H", "hide handled"},
		{"sort", func(k *KeyMap) *key.Binding { return &k.Sort }, []string{"o"}, "o", "sort by next column"},
		{"sortOrder", func(k *KeyMap) *key.Binding { return &k.SortOrder }, []string{"O"}, "O", "reverse the order"},
		{"filterApply", func(k *KeyMap) *key.Binding { return &k.FilterApply }, []string{"enter"}, "enter", "keep filter"},
		{"filterClear", func(k *KeyMap) *key.Binding { return &k.FilterClear }, []string{"esc"}, "esc", "clear filter"},
		{"filterEarlier", func(k *KeyMap) *key.Binding { return &k.FilterEarlier }, []string{"up"}, "↑", "earlier filter"},
		{"filterLater", func(k *KeyMap) *key.Binding { return &k.FilterLater }, []string{"down"}, "↓", "later filter"},
		{"details", func(k *KeyMap) *key.Binding { return &k.Details }, []string{"enter"}, "enter", "details / open group"},
		{"group", func(k *KeyMap) *key.Binding { return &k.Group }, []string{"tab"}, "tab", "group rows"},
		{"groupBy", func(k *KeyMap) *key.Binding { return &k.GroupBy }, []string{"b"}, "b", "group by next"},
		{"groupByBack", func(k *KeyMap) *key.Binding { return &k.GroupByBack }, []string{"B"}, "B", "group by previous"},
		{"back", func(k *KeyMap) *key.Binding { return &k.Back }, []string{"esc", "backspace"}, "esc", "back to the table"},
		{"copyID", func(k *KeyMap) *key.Binding { return &k.CopyID }, []string{"y"}, "y", "copy sign-in ID"},
		{"copyUserIP", func(k *KeyMap) *key.Binding { return &k.CopyUserIP }, []string{"Y"}, "Y", "copy UPN and IP"},
		{"confirmSafe", nil, []string{"S"}, "S", "confirm safe"},
		{"confirmCompromised", nil, []string{"C"}, "C", "confirm compromised"},
		{"dismiss", nil, []string{"D"}, "D", "dismiss"},
		// The user actions, on the follow-up list (F).
		{"revokeSignInSessions", nil, []string{"R"}, "R", "revoke sessions"},
		{"confirmUserCompromised", nil, []string{"C"}, "C", "confirm user compromised"},
		{"dismissUserRisk", nil, []string{"D"}, "D", "dismiss user risk"},
		{"reload", func(k *KeyMap) *key.Binding { return &k.Reload }, []string{"r"}, "r", "reload"},
		{"requestLog", func(k *KeyMap) *key.Binding { return &k.RequestLog }, []string{"J"}, "J", "request log"},
		{"userLog", func(k *KeyMap) *key.Binding { return &k.UserLog }, []string{"U"}, "U", "user's own sign-ins"},
		{"userFirst", func(k *KeyMap) *key.Binding { return &k.UserFirst }, []string{"["}, "[", "user's first in view"},
		{"userLast", func(k *KeyMap) *key.Binding { return &k.UserLast }, []string{"]"}, "]", "user's last in view"},
		{"followUp", func(k *KeyMap) *key.Binding { return &k.FollowUp }, []string{"F"}, "F", "users to follow up"},
		{"riskyUsers", func(k *KeyMap) *key.Binding { return &k.RiskyUsers }, []string{"W"}, "W", "risky users"},
		{"query", func(k *KeyMap) *key.Binding { return &k.Query }, []string{"f"}, "f", "edit what is fetched"},
		{"nextField", func(k *KeyMap) *key.Binding { return &k.NextField }, []string{"tab", "down"}, "tab", "next field"},
		{"prevField", func(k *KeyMap) *key.Binding { return &k.PrevField }, []string{"shift+tab", "up"}, "shift+tab", "previous field"},
		{"apply", func(k *KeyMap) *key.Binding { return &k.Apply }, []string{"enter"}, "enter", "apply and reload"},
		{"cancel", func(k *KeyMap) *key.Binding { return &k.Cancel }, []string{"esc"}, "esc", "cancel"},
		{"export", func(k *KeyMap) *key.Binding { return &k.Export }, []string{"e"}, "e", "export CSV and JSON"},
		{"exportView", func(k *KeyMap) *key.Binding { return &k.ExportView }, []string{"v"}, "v", "rows in view"},
		{"exportSelection", func(k *KeyMap) *key.Binding { return &k.ExportSelection }, []string{"s"}, "s", "selection"},
		{"exportFollowUp", func(k *KeyMap) *key.Binding { return &k.ExportFollowUp }, []string{"u"}, "u", "users to follow up"},
		{"signIn", func(k *KeyMap) *key.Binding { return &k.SignIn }, []string{"L"}, "L", "sign in again"},
		{"help", func(k *KeyMap) *key.Binding { return &k.Help }, []string{"?"}, "?", "help"},
		{"quit", func(k *KeyMap) *key.Binding { return &k.Quit }, []string{"q", "ctrl+c"}, "q", "quit"},
		{"yes", func(k *KeyMap) *key.Binding { return &k.Yes }, []string{"y"}, "y", "yes, send"},
		{"no", func(k *KeyMap) *key.Binding { return &k.No }, []string{"n", "esc"}, "n/esc", "no, cancel"},
		{"include", func(k *KeyMap) *key.Binding { return &k.Include }, []string{"I"}, "I", "include the left-out"},
		{"note", func(k *KeyMap) *key.Binding { return &k.Note }, []string{"N"}, "N", "note a reason"},
		{"list", func(k *KeyMap) *key.Binding { return &k.List }, []string{"l"}, "l", "list every name"},
		{"finishThenQuit", func(k *KeyMap) *key.Binding { return &k.FinishThenQuit }, []string{"f", "q", "ctrl+c"}, "f/q", "finish, then quit"},
		{"quitNow", func(k *KeyMap) *key.Binding { return &k.QuitNow }, []string{"X"}, "X", "quit now, cut it off"},
	}
}

// Default returns the built-in bindings.
func Default() KeyMap {
	var k KeyMap
	for _, r := range table() {
		b := key.NewBinding(key.WithKeys(r.keys...), key.WithHelp(r.help, r.desc))
		if r.field == nil {
			k.Verdicts = append(k.Verdicts, VerdictKey{r.name, b})
			continue
		}
		*r.field(&k) = b
	}
	return k
}

// binding is r's binding in k, if k has it (a verdict's key may be
// missing from a KeyMap built by hand).
func (k *KeyMap) binding(r row) (*key.Binding, bool) {
	if r.field != nil {
		return r.field(k), true
	}
	for i := range k.Verdicts {
		if k.Verdicts[i].Verdict == r.name {
			return &k.Verdicts[i].Binding, true
		}
	}
	return nil, false
}

// All is every binding, the verdicts' included, in the table's order.
func (k KeyMap) All() []key.Binding {
	var out []key.Binding
	for _, r := range table() {
		if b, ok := k.binding(r); ok {
			out = append(out, *b)
		}
	}
	return out
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

// Named is every binding by the name the config file's keys: section
// gives it, pointing into k.
func (k *KeyMap) Named() map[string]*key.Binding {
	m := map[string]*key.Binding{}
	for _, r := range table() {
		if b, ok := k.binding(r); ok {
			m[r.name] = b
		}
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
