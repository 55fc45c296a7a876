// Package filter is the live filter over loaded sign-ins: what the analyst
// types after '/'. Terms separated by spaces must all match; a term is a
// case-insensitive substring, optionally limited to one field ("ip:185.",
// "country:md") and optionally negated with '!' ("!app:teams"). Double
// quotes keep spaces inside a term (city:"new york").
package filter

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/signin-triage/signin-triage/graph"
)

// Filter is a parsed filter. The zero value matches everything.
type Filter struct {
	terms []term
	text  string
	all   []Field // the fields a term without one looks in
}

type term struct {
	field  *Field // nil for any field
	value  string // lowercased
	negate bool
	// test, when set, is the term's own test, compiled from its value
	// (Field.compile).
	test func(s *graph.SignIn) bool
}

// Parse reads what the analyst typed. An unknown field is an error that
// names the known ones.
func Parse(text string) (Filter, error) {
	f := Filter{text: text, all: Fields()}
	for _, raw := range split(text) {
		t := term{}
		if strings.HasPrefix(raw, "!") {
			t.negate, raw = true, raw[1:]
		}
		if name, value, ok := strings.Cut(raw, ":"); ok && isWord(name) {
			f, known := field(name)
			if !known {
				return Filter{}, fmt.Errorf("%q is not a field: use %s", name, FieldNames())
			}
			t.field, raw = &f, value
		}
		t.value = strings.ToLower(strings.Trim(raw, `"`))
		if t.value == "" && t.field == nil {
			continue
		}
		if err := t.check(); err != nil {
			return Filter{}, err
		}
		f.terms = append(f.terms, t)
	}
	// Terms on one field are cheap and usually selective: try them first.
	slices.SortStableFunc(f.terms, func(a, b term) int {
		return boolRank(a.field == nil) - boolRank(b.field == nil)
	})
	return f, nil
}

func boolRank(b bool) int {
	if b {
		return 1
	}
	return 0
}

// isWord reports letters only: "ip" in "ip:1.2" is a field, "2a02" in an
// IPv6 address is not.
func isWord(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return true
}

// split cuts text at spaces outside double quotes.
func split(text string) []string {
	var out []string
	var b strings.Builder
	quoted := false
	for _, r := range text {
		switch {
		case r == '"':
			quoted = !quoted
			b.WriteRune(r)
		case r == ' ' && !quoted:
			if b.Len() > 0 {
				out = append(out, b.String())
				b.Reset()
			}
		default:
			b.WriteRune(r)
		}
	}
	if b.Len() > 0 {
		out = append(out, b.String())
	}
	return out
}

// Empty reports whether the filter keeps every sign-in.
func (f Filter) Empty() bool { return len(f.terms) == 0 }

// String is the text the filter was parsed from.
func (f Filter) String() string { return f.text }

// Narrows reports whether every sign-in f keeps, old keeps too, so that
// f can be applied to old's result rather than every row: each of old's
// terms has a term in f on the same field whose value extends it (typing
// on: "tea" to "team", "ip:185." to "ip:185.2"), or the same term.
// Conservative where it is unsure: a quote in either, and a negated term
// changed at all, do not narrow ("!ab" keeps rows "!a" hides), and "ip"
// becoming "ip:" is a term on another field.
func (f Filter) Narrows(old Filter) bool {
	if strings.ContainsRune(f.text, '"') || strings.ContainsRune(old.text, '"') {
		return false
	}
	for _, o := range old.terms {
		if !slices.ContainsFunc(f.terms, func(n term) bool { return n.implies(o) }) {
			return false
		}
	}
	return true
}

// implies reports whether every sign-in t matches, o matches too. A value
// that starts with o's implies it for every kind of field: contains and
// starts with alike.
func (t term) implies(o term) bool {
	if t.negate != o.negate || (t.field == nil) != (o.field == nil) || t.field != nil && t.field.Name != o.field.Name {
		return false
	}
	if t.negate {
		return t.value == o.value
	}
	if t.field != nil && t.field.compile != nil && len(o.value) <= maxCodeLen && len(t.value) > maxCodeLen {
		return false // from codes to names: "md" to "mol" is another set
	}
	return strings.HasPrefix(t.value, o.value)
}

// check refuses a value its field cannot take, naming those it can, and
// compiles the value of a field that has its own test. An empty value is
// a word half typed, and matches as it always has.
func (t *term) check() error {
	f := t.field
	if f == nil || t.value == "" {
		return nil
	}
	takes := func(w string) bool { return strings.Contains(w, t.value) }
	part := "or a part of one"
	if f.byStart {
		takes, part = func(w string) bool { return strings.HasPrefix(w, t.value) }, "or the start of one"
	}
	if len(f.Values) > 0 && !slices.ContainsFunc(f.Values, takes) {
		return fmt.Errorf("%s:%s matches nothing: %s takes %s (%s)", f.Name, t.value, f.Name, strings.Join(f.Values, ", "), part)
	}
	if f.compile != nil {
		test, err := f.compile(t.value)
		if err != nil {
			return err
		}
		t.test = test
	}
	return nil
}

// Uses reports whether a term is limited to the field name (net:).
func (f Filter) Uses(name string) bool {
	return slices.ContainsFunc(f.terms, func(t term) bool { return t.field != nil && strings.EqualFold(t.field.Name, name) })
}

// Match reports whether s passes every term.
func (f Filter) Match(s *graph.SignIn) bool {
	for _, t := range f.terms {
		if t.matches(s, f.all) == t.negate {
			return false
		}
	}
	return true
}

func (t term) matches(s *graph.SignIn, all []Field) bool {
	if t.test != nil {
		return t.test(s)
	}
	if t.field != nil {
		return t.field.match(s, t.value)
	}
	for i := range all {
		if all[i].match(s, t.value) {
			return true
		}
	}
	// Words a person might look for that have no field of their own.
	for _, v := range [...]string{s.State, s.ClientApp, s.FailureReason} {
		if containsFold(v, t.value) {
			return true
		}
	}
	return false
}

// codeHasPrefix reports whether the sign-in's error code starts with the
// digits v (code:500 finds 50053 and 500121), without allocating: the
// filter runs over every loaded row at each keystroke.
func codeHasPrefix(s *graph.SignIn, v string) bool {
	if !s.HasStatus {
		return false
	}
	var buf [12]byte
	digits := strconv.AppendInt(buf[:0], int64(s.ErrorCode), 10)
	if len(v) > len(digits) {
		return false
	}
	for i := 0; i < len(v); i++ {
		if digits[i] != v[i] {
			return false
		}
	}
	return true
}

// passwordWords are the filter's words for whether the password was
// verified: pw:verified, pw:not-verified, pw:cant-tell (or a start of one:
// pw:v, pw:n, pw:c).
var passwordWords = map[graph.Password]string{
	graph.PasswordVerified: "verified", graph.PasswordNotVerified: "not-verified", graph.PasswordCantTell: "cant-tell",
}

// passwordIs reports whether the sign-in's password answer starts with v:
// unlike the other fields, pw:verified must not match "not verified".
func passwordIs(s *graph.SignIn, v string) bool {
	return strings.HasPrefix(passwordWords[s.Password()], v)
}

// containsFold reports whether s contains sub (already lowercase), ignoring
// case. An ASCII sub, nearly every term, is searched in place with no
// allocation, jumping between candidates with IndexByte: filtering 100,000
// rows must fit in a keystroke.
func containsFold(s, sub string) bool {
	n := len(sub)
	if n == 0 {
		return true
	}
	if !isASCII(sub) {
		return strings.Contains(strings.ToLower(s), sub)
	}
	// An ASCII sub can only match ASCII bytes of s (UTF-8 never reuses
	// them inside a multi-byte character), so s needs no lowercasing.
	lo, up := sub[0], upper(sub[0])
	for i := 0; i+n <= len(s); i++ {
		j := indexEither(s[i:len(s)-n+1], lo, up)
		if j < 0 {
			return false
		}
		i += j
		if equalFold(s[i:i+n], sub) {
			return true
		}
	}
	return false
}

// indexEither is the first index of a or b in s, or -1.
func indexEither(s string, a, b byte) int {
	i := strings.IndexByte(s, a)
	if a == b {
		return i
	}
	if j := strings.IndexByte(s, b); j >= 0 && (i < 0 || j < i) {
		return j
	}
	return i
}

// equalFold compares ASCII s with lowercase sub.
func equalFold(s, sub string) bool {
	for k := 0; k < len(sub); k++ {
		c := s[k]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != sub[k] {
			return false
		}
	}
	return true
}

func upper(c byte) byte {
	if 'a' <= c && c <= 'z' {
		return c - ('a' - 'A')
	}
	return c
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// ParseScript parses a filter a script gives (the headless --where).
// Unlike the live filter, where an empty term is a word half typed, a
// filter that selects everything is refused: "" or "pw:" would send a
// verdict to every sign-in the query lists.
func ParseScript(text string) (Filter, error) {
	for _, term := range strings.Fields(text) {
		if name, value, ok := strings.Cut(strings.TrimPrefix(term, "!"), ":"); term == "!" || ok && (name == "" || value == "") {
			return Filter{}, fmt.Errorf("the term %q has no value: write field:value (pw:not-verified)", term)
		}
	}
	f, err := Parse(text)
	if err != nil {
		return Filter{}, err
	}
	if f.Empty() {
		return Filter{}, fmt.Errorf("the filter is empty, so it would keep every sign-in the query lists: give terms (pw:not-verified result:failure), or leave --where out")
	}
	return f, nil
}
